import { Client } from 'pg';
import { createDataSource, runMigrations } from '../../src/database/data-source';
import { createTestDatabase, TestDatabase } from '../support/db';

async function tables(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return rows.map((r) => r.t);
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('run up on an empty database, revert all the way down, and run up again', async () => {
    const applied = await runMigrations(db.url);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables(db.url)).toEqual(expect.arrayContaining(['appeals', 'appeal_totals', 'organiser_tokens']));

    const ds = await createDataSource(db.url).initialize();
    try {
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables(db.url)).toEqual([]);
      // The entities and the migrations agree: after running them there is nothing left to generate.
      await ds.runMigrations({ transaction: 'each' });
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
