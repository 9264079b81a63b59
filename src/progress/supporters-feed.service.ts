import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readSupporters, SupportersPage } from '../donations/supporters';
import { KeyedSerial } from './keyed-serial';
import { CachedBody, cachedBody } from './public-http';

/** How many supporters the stream carries and the wall's first page holds by default. */
export const WALL_PAGE = 20;
/** Appeals whose latest page is held in memory; beyond this the oldest is dropped. */
const MAX_HELD = 2000;

/** The latest page of an appeal's wall, serialised once: the JSON answer and the SSE frame. */
export interface WallPage {
  page: SupportersPage;
  body: CachedBody;
  frame: Buffer;
}

export const WALL_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  // Revalidated on every use (cheap: the ETag of a page held in memory), so a gift an organiser
  // hides leaves every cache at once instead of after a max-age.
  'cache-control': 'public, no-cache',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
  'cross-origin-resource-policy': 'cross-origin',
  'x-content-type-options': 'nosniff',
};

export function wallBody(page: SupportersPage): CachedBody {
  return cachedBody(0, JSON.stringify(page), WALL_HEADERS);
}

/**
 * The latest supporters of each appeal this instance is asked about, kept current by the same
 * NOTIFY as progress: a change drops the held page, and when this instance has open streams for
 * the appeal it reads the page again (once per change, whatever the number of streams; bursts
 * collapse in KeyedSerial) and hands the new frame to ProgressStreams if it differs from the
 * last one sent.
 */
@Injectable()
export class SupportersFeed {
  private readonly logger = new Logger(SupportersFeed.name);
  private readonly pages = new Map<string, WallPage>();
  private readonly sent = new Map<string, string>();
  private readonly serial = new KeyedSerial<string>();
  private readonly subscribers = new Set<(appealId: string, page: WallPage) => void>();
  private watched: (appealId: string) => boolean = () => false;

  constructor(private readonly ds: DataSource) {}

  /** Which appeals have streams on this instance (set by ProgressStreams). */
  watch(fn: (appealId: string) => boolean): void {
    this.watched = fn;
  }

  onChange(fn: (appealId: string, page: WallPage) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** The latest page: from memory when nothing changed since it was read, else one query. */
  async latest(appealId: string): Promise<WallPage> {
    const hit = this.pages.get(appealId);
    if (hit) return hit;
    await this.serial.run(appealId, () => this.reload(appealId));
    return this.pages.get(appealId) ?? toWallPage(await readSupporters(this.ds, appealId, WALL_PAGE));
  }

  /** A NOTIFY for the appeal (money moved, the wall was moderated, the appeal was edited). */
  notified(appealId: string): void {
    this.pages.delete(appealId);
    // A reload under way read before this commit: it goes round once more.
    if (this.watched(appealId) || this.serial.isRunning(appealId)) {
      this.serial
        .run(appealId, () => this.reload(appealId))
        .catch((e: unknown) => this.logger.warn(`reading supporters failed: ${String(e)}`));
    }
  }

  /** After the listener reconnected: notifications may have been lost. */
  resync(): void {
    for (const id of [...this.pages.keys(), ...this.sent.keys()]) this.notified(id);
  }

  private async reload(appealId: string): Promise<void> {
    const page = toWallPage(await readSupporters(this.ds, appealId, WALL_PAGE));
    this.pages.delete(appealId);
    this.pages.set(appealId, page);
    if (this.pages.size > MAX_HELD) this.pages.delete(this.pages.keys().next().value!);
    if (this.sent.get(appealId) === page.body.etag) return;
    if (!this.watched(appealId)) return void this.sent.delete(appealId);
    this.sent.set(appealId, page.body.etag);
    for (const fn of this.subscribers) fn(appealId, page);
  }
}

function toWallPage(page: SupportersPage): WallPage {
  const body = wallBody(page);
  return { page, body, frame: Buffer.concat([Buffer.from('event: supporters\ndata: '), body.bytes, Buffer.from('\n\n')]) };
}
