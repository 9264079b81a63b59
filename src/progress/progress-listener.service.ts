import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PROGRESS_CHANNEL } from '../donations/progress-channel';
import { ProgressCache } from './progress-cache.service';
import { parseNotification } from './progress-notify';
import { SupportersFeed } from './supporters-feed.service';

export const LISTENER_APPLICATION_NAME = 'appeal-progress-listener';
const PING_MS = 30_000;

/**
 * One dedicated connection per instance LISTENs on `appeal_progress` (a pooled connection
 * cannot: LISTEN belongs to a session). When it drops (PostgreSQL restart, failover,
 * pg_terminate_backend, a dead TCP peer found by the ping) it reconnects with backoff and,
 * once LISTEN is active again, reloads everything the cache holds, because notifications sent
 * while nobody listened are gone for good. LISTEN comes before the reload so that a change
 * committed during the reload is either in what it reads or notified afterwards.
 */
@Injectable()
export class ProgressListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ProgressListener.name);
  private client: Client | null = null;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private syncWaiters: Array<() => void> = [];
  /** Reconnect delays; public so a test can widen the gap it wants to observe. */
  backoff = { firstMs: 100, maxMs: 5000 };
  /** True while LISTEN is active and the cache has been resynchronised. */
  connected = false;
  /** How many times LISTEN was (re)established and the cache resynchronised. */
  syncs = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly cache: ProgressCache,
    private readonly wall: SupportersFeed,
  ) {}

  async onModuleInit(): Promise<void> {
    // Start-up waits for the first LISTEN so the first requests find the slug index ready;
    // if it fails the service still starts and keeps trying in the background.
    await this.open();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  /** Resolves after the next successful (re)connection and resync. */
  nextSync(): Promise<void> {
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The backend pid of the listening session (tests kill it). */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number } | null)?.processID;
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const { client, lose, isLost } = this.newSession();
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
      if (isLost() || this.stopped) return void client.end().catch(() => undefined);
      this.client = client;
      await this.cache.resync();
      this.wall.resync();
      if (isLost()) return;
      this.attempt = 0;
      this.connected = true;
      this.syncs++;
      this.startPing(client, lose);
      for (const w of this.syncWaiters.splice(0)) w();
    } catch (e) {
      lose(e);
    }
  }

  /** A client whose every way of failing (error, end, failed ping) ends in one reconnect. */
  private newSession(): { client: Client; lose: (why: unknown) => void; isLost: () => boolean } {
    const client = new Client({
      connectionString: (this.ds.options as { url?: string }).url,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: 5000,
      query_timeout: 10_000,
    });
    let lost = false;
    const lose = (why: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      this.connected = false;
      client.end().catch(() => undefined);
      this.scheduleReconnect(why);
    };
    client.on('error', lose);
    client.on('end', () => lose(new Error('connection closed')));
    client.on('notification', (msg) => {
      const n = msg.channel === PROGRESS_CHANNEL ? parseNotification(msg.payload) : null;
      if (!n) return;
      if (!n.wall) this.cache.notified(n);
      this.wall.notified(n.appealId);
    });
    return { client, lose, isLost: () => lost };
  }

  /** A silently dead TCP peer never emits 'error'; a query that cannot complete does. */
  private startPing(client: Client, lose: (why: unknown) => void): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.client !== client) return;
      client.query('SELECT 1').catch(lose);
    }, PING_MS);
    this.pingTimer.unref();
  }

  private scheduleReconnect(why: unknown): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.attempt++);
    this.logger.warn(`progress listener disconnected (${why instanceof Error ? why.message : String(why)}); reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        void this.open();
      },
      delay + Math.floor(Math.random() * 50),
    );
    this.reconnectTimer.unref();
  }
}
