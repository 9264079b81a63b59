import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, loadConfig } from './config/app-config';
import { ensureSecretKey } from './config/secret-key';
import { createDataSource, runMigrations } from './database/data-source';
import { resolveDatabase } from './database/resolve-database';
import { TokenDigest } from './auth/token-digest';
import { TokensService } from './auth/tokens.service';
import { runReconcile } from './reconcile.command';

const USAGE = `Usage: npm run cli -- <command>
  token create <name>        create an organiser token (printed once; only its hash is stored)
  token list                 list tokens (names, dates, revoked or not)
  token revoke <name|id>     revoke a token
  migrate up|down|show       run pending migrations, revert the last one, or list them
  migrate generate <Name>    write migrations/<timestamp>-<Name>.ts from the entity/schema diff
  reconcile                  fetch missed Stripe events and apply them (same as npm run reconcile)`;

async function main(argv: string[]): Promise<number> {
  const [group, action, arg] = argv;
  if (!group || group === 'help' || group === '--help') {
    console.log(USAGE);
    return group ? 0 : 1;
  }
  const config = loadConfig();
  const db = await resolveDatabase(config);
  try {
    ensureSecretKey(config, db.embedded);
    if (group === 'migrate') return await migrate(db.url, action, arg);
    if (group === 'token') return await token(config, db.url, action, arg);
    if (group === 'reconcile') return await runReconcile(config, db.url);
    console.error(`Unknown command "${group}".\n${USAGE}`);
    return 1;
  } finally {
    await db.stop();
  }
}

async function migrate(url: string, action: string | undefined, name: string | undefined): Promise<number> {
  if (action === 'up') {
    const done = await runMigrations(url);
    console.log(done.length ? `Applied: ${done.join(', ')}` : 'No pending migrations.');
    return 0;
  }
  const ds = await createDataSource(url).initialize();
  try {
    if (action === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration.');
      return 0;
    }
    if (action === 'show') {
      await ds.showMigrations();
      return 0;
    }
    if (action === 'generate' && name && /^[A-Za-z][A-Za-z0-9]*$/.test(name)) return await generate(ds, name);
  } finally {
    await ds.destroy();
  }
  console.error(USAGE);
  return 1;
}

/** What `typeorm migration:generate` does: diff the entities against the live schema. */
async function generate(ds: import('typeorm').DataSource, name: string): Promise<number> {
  const sql = await ds.driver.createSchemaBuilder().log();
  if (!sql.upQueries.length) {
    console.log('Schema is up to date; nothing to generate.');
    return 0;
  }
  const ts = Date.now();
  const q = (x: { query: string }) => `    await queryRunner.query(\`${x.query.replace(/[`\\$]/g, (c) => `\\${c}`)}\`);`;
  const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map(q).join('\n')}
  }
}
`;
  const file = join(process.cwd(), 'migrations', `${ts}-${name}.ts`);
  writeFileSync(file, body);
  console.log(`Wrote ${file}; read it before committing.`);
  return 0;
}

async function token(config: AppConfig, url: string, action: string | undefined, arg: string | undefined): Promise<number> {
  const ds = await createDataSource(url).initialize();
  try {
    const tokens = new TokensService(ds, new TokenDigest(config));
    await tokens.rekeyLegacy();
    if (action === 'create' && arg) {
      const { token } = await tokens.create(arg);
      console.log(`Token for "${arg}" (shown once, store it now):\n${token}`);
      return 0;
    }
    if (action === 'list') {
      for (const t of await tokens.list()) {
        console.log(
          `${t.id}  ${t.name}  created ${t.createdAt.toISOString()}${t.revokedAt ? `  REVOKED ${t.revokedAt.toISOString()}` : ''}`,
        );
      }
      return 0;
    }
    if (action === 'revoke' && arg) {
      const n = await tokens.revoke(arg);
      console.log(n ? `Revoked ${n} token(s).` : `No active token named or with id "${arg}".`);
      return n ? 0 : 1;
    }
  } finally {
    await ds.destroy();
  }
  console.error(USAGE);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
