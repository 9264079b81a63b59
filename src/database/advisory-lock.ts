import { Client } from 'pg';

/**
 * A PostgreSQL session advisory lock held on a connection of its own, for work that must run
 * on one instance at a time. The first instance to take it keeps it until it stops (or its
 * connection drops, which releases it in PostgreSQL), so the same instance does every run
 * and the others simply find it taken, whichever of them ticks first.
 */
export class AdvisoryLock {
  private held: Client | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly key: bigint,
  ) {}

  /** True when this process holds the lock, taking it if it is free. */
  async acquire(): Promise<boolean> {
    if (this.held && (await this.alive(this.held))) return true;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'advisory-lock' });
    client.on('error', () => {
      if (this.held === client) this.held = null;
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS got', [this.key.toString()]);
      if (rows[0].got) {
        this.held = client;
        return true;
      }
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    await client.end().catch(() => undefined);
    return false;
  }

  async release(): Promise<void> {
    const client = this.held;
    this.held = null;
    await client?.end().catch(() => undefined); // closing the session releases its locks
  }

  private async alive(client: Client): Promise<boolean> {
    try {
      await client.query('SELECT 1');
      return true;
    } catch {
      if (this.held === client) this.held = null;
      await client.end().catch(() => undefined);
      return false;
    }
  }
}
