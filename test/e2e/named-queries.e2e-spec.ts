import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/db';

const SRC = join(__dirname, '..', '..', 'src');

/** Every string export of every src/**\/*.queries.ts: the modules' named SQL, found rather than listed. */
function namedQueries(): Array<[string, string]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.queries.ts'))
    .sort();
  return files.flatMap((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(join(SRC, file)) as Record<string, unknown>;
    return Object.entries(exports)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([name, sql]) => [`${relative(SRC, join(SRC, file))} ${name}`, sql] as [string, string]);
  });
}

const QUERIES = namedQueries();

describe('named queries', () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('finds the queries of every module that owns tables', () => {
    const files = new Set(QUERIES.map(([name]) => name.split(' ')[0]));
    expect([...files]).toEqual(
      expect.arrayContaining([
        'auth/auth.queries.ts',
        'donations/donations.queries.ts',
        'donations/ledger-audit.queries.ts',
        'payments/payments.queries.ts',
      ]),
    );
  });

  // PREPARE parses and plans the statement against the migrated schema and lets PostgreSQL infer
  // each parameter's type; EXPLAIN EXECUTE then plans it with NULLs of those types. A renamed
  // column or table, a wrong cast or an ambiguous parameter fails here, without running anything.
  it.each(QUERIES)('%s plans against the migrated schema', async (_name, sql) => {
    await client.query('BEGIN');
    try {
      await client.query(`PREPARE named_query AS ${sql}`);
      const { rows } = await client.query<{ types: string[] }>(
        `SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'named_query'`,
      );
      const args = rows[0].types.map((t) => `NULL::${t}`);
      const plan = await client.query(`EXPLAIN EXECUTE named_query${args.length ? `(${args.join(', ')})` : ''}`);
      expect(plan.rows.length).toBeGreaterThan(0);
    } finally {
      await client.query('ROLLBACK');
      await client.query('DEALLOCATE ALL');
    }
  });
});
