import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { ProgressCache, ProgressChange } from './progress-cache.service';
import type { ProgressEntry } from './progress-entry';
import { PUBLIC_JSON_HEADERS } from './public-http';
import { defaultStreamMax, StreamAdmission, StreamRefusal } from './stream-admission';
import { SupportersFeed, WallPage } from './supporters-feed.service';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // nginx and some CDNs buffer responses unless told not to; an event must leave at once.
  'x-accel-buffering': 'no',
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
  'x-content-type-options': 'nosniff',
};
/** EventSource retries after this long; the first frame says so. */
const RETRY = Buffer.from('retry: 3000\n\n');
const HEARTBEAT = Buffer.from(': heartbeat\n\n');
const GONE = Buffer.from('event: gone\ndata: {}\n\n');
/** A reader this far behind gets disconnected: it reconnects with Last-Event-ID and is current again. */
const MAX_BUFFERED = 256 * 1024;
/** Writes per event-loop turn when broadcasting, so 10,000 streams do not stall other requests. */
const BATCH = 1000;
/** Seconds a refused client is asked to wait; the browser code polls the JSON meanwhile. */
export const STREAM_RETRY_AFTER_S = 30;

/**
 * Server-Sent Events written straight to the socket: one shared, pre-serialised frame per change
 * goes to every subscriber of that appeal, one timer sends every heartbeat, and a stream is
 * released (and the open-streams gauge decremented) exactly once, when its socket closes.
 */
@Injectable()
export class ProgressStreams implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly bySlug = new Map<string, Set<ServerResponse>>();
  /** appeal id -> slug of the appeals with open streams here (the supporters feed speaks in ids). */
  private readonly slugOf = new Map<string, string>();
  private heartbeat: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private unsubscribeWall: (() => void) | null = null;
  private readonly admission: StreamAdmission;
  heartbeatMs = 20_000;

  constructor(
    private readonly cache: ProgressCache,
    private readonly metrics: MetricsService,
    config: AppConfig,
    private readonly wall: SupportersFeed,
  ) {
    this.admission = new StreamAdmission({ perAddress: config.STREAMS_PER_ADDRESS, max: config.STREAMS_MAX ?? defaultStreamMax() });
  }

  onModuleInit(): void {
    const { perAddress, max } = this.admission.limits;
    new Logger(ProgressStreams.name).log(`Progress streams: at most ${max} on this instance, ${perAddress} per client address`);
    this.unsubscribe = this.cache.onChange((c) => this.onChange(c));
    this.wall.watch((appealId) => this.slugOf.has(appealId));
    this.unsubscribeWall = this.wall.onChange((appealId, page) => this.onWallChange(appealId, page));
    this.restartHeartbeat();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribeWall?.();
  }

  /** Open streams would keep the HTTP server from closing. */
  beforeApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.bySlug.values()) for (const res of set) res.end();
  }

  /**
   * Sends the current progress at once; later changes follow until the client goes away. Over
   * the caps (per client address, per instance) it answers 429 or 503 with Retry-After instead:
   * every stream holds a file descriptor, and one client must not take them all.
   */
  open(entry: ProgressEntry, res: ServerResponse, address: string): void {
    const refusal = this.admission.admit(address);
    if (refusal) return this.refuse(res, refusal);
    const slug = entry.slug;
    res.writeHead(200, SSE_HEADERS);
    res.write(Buffer.concat([RETRY, entry.sseFrame]));
    let set = this.bySlug.get(slug);
    if (!set) this.bySlug.set(slug, (set = new Set()));
    set.add(res);
    this.slugOf.set(entry.appealId, slug);
    this.metrics.openStreams.inc();
    res.once('close', () => this.release(slug, res, address));
    // The latest supporters follow as their own event (`event: supporters`), which clients that
    // listen only for progress never see; later changes to the wall arrive the same way.
    this.wall.latest(entry.appealId).then(
      (page) => {
        if (!res.destroyed && !res.writableEnded) res.write(page.frame);
      },
      () => undefined,
    );
  }

  /** Open streams, for one appeal or all. */
  count(slug?: string): number {
    return slug === undefined ? this.admission.count() : (this.bySlug.get(slug)?.size ?? 0);
  }

  /** For tests: a 20 s heartbeat is too slow to watch. */
  restartHeartbeat(ms = this.heartbeatMs): void {
    this.heartbeatMs = ms;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      for (const set of this.bySlug.values()) this.broadcast([...set], HEARTBEAT);
    }, ms);
    this.heartbeat.unref();
  }

  private refuse(res: ServerResponse, why: StreamRefusal): void {
    const { perAddress, max } = this.admission.limits;
    const [statusCode, error, message] =
      why === 'address'
        ? ([
            429,
            'Too Many Requests',
            `too many open progress streams from your address (at most ${perAddress}): poll the progress JSON meanwhile`,
          ] as const)
        : ([
            503,
            'Service Unavailable',
            `this instance holds all the progress streams it can (${max}): poll the progress JSON meanwhile`,
          ] as const);
    const body = JSON.stringify({ statusCode, error, message });
    this.metrics.streamsRefused.labels(why).inc();
    res.writeHead(statusCode, {
      ...PUBLIC_JSON_HEADERS,
      'cache-control': 'no-store',
      'retry-after': String(STREAM_RETRY_AFTER_S),
      'access-control-expose-headers': 'Retry-After',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }

  private release(slug: string, res: ServerResponse, address: string): void {
    const set = this.bySlug.get(slug);
    if (!set?.delete(res)) return;
    if (set.size === 0) {
      this.bySlug.delete(slug);
      for (const [id, s] of this.slugOf) if (s === slug) this.slugOf.delete(id);
    }
    this.admission.release(address);
    this.metrics.openStreams.dec();
  }

  private onChange({ entry, previous }: ProgressChange): void {
    const slug = entry?.slug ?? previous?.slug;
    const set = slug === undefined ? undefined : this.bySlug.get(slug);
    if (!set) return;
    if (entry?.visible) return this.broadcast([...set], entry.sseFrame);
    // Unpublished or gone: say so and close; a reconnect then meets the public 404.
    for (const res of set) res.end(GONE);
  }

  private onWallChange(appealId: string, page: WallPage): void {
    const slug = this.slugOf.get(appealId);
    const set = slug === undefined ? undefined : this.bySlug.get(slug);
    if (set && this.cache.peek(slug!)?.visible) this.broadcast([...set], page.frame);
  }

  private broadcast(list: ServerResponse[], frame: Buffer, from = 0): void {
    const end = Math.min(list.length, from + BATCH);
    for (let i = from; i < end; i++) {
      const res = list[i];
      if (res.destroyed || res.writableEnded) continue;
      if (res.writableLength > MAX_BUFFERED) res.destroy();
      else res.write(frame);
    }
    if (end < list.length) setImmediate(() => this.broadcast(list, frame, end));
  }
}
