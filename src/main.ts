import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { ensureSecretKey } from './config/secret-key';
import { runMigrations } from './database/data-source';
import { resolveDatabase } from './database/resolve-database';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const db = await resolveDatabase(config);
  if (db.embedded) console.log(`Embedded PostgreSQL running (data in ${config.DATA_DIR}/postgres)`);
  let stopping = false;
  const stopDb = async () => {
    if (!stopping) {
      stopping = true;
      await db.stop();
    }
  };
  try {
    ensureSecretKey(config, db.embedded);
    if (config.DB_MIGRATE) {
      const applied = await runMigrations(db.url);
      if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
    }
    const app = await createApp({ config, databaseUrl: db.url });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    console.log(
      `Appeal tracker listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}` +
        ` (public URL ${config.PUBLIC_BASE_URL ?? `http://localhost:${port}`})${config.sandbox ? ' - Stripe SANDBOX (test mode)' : ''}`,
    );
    if (!config.ADMIN_TOKEN) console.log('No ADMIN_TOKEN set: create an organiser token with `npm run cli -- token create <name>`');
    const shutdown = async (signal: string) => {
      console.log(`${signal}: shutting down`);
      await app.close().catch(() => undefined);
      await stopDb();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (e) {
    console.error(e instanceof Error ? e.stack : e);
    await stopDb();
    process.exit(1);
  }
}

void bootstrap();
