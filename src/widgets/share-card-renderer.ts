import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { renderAsync, ResvgRenderOptions } from '@resvg/resvg-js';
import { MetricsService } from '../metrics/metrics.service';
import type { ProgressEntry } from '../progress/progress-entry';
import { CachedBody, cachedBody } from '../progress/public-http';
import { CARD_FONT_FAMILY, renderShareCardSvg } from './share-card';
import { WIDGET_HEADERS } from './widget-headers';

/** Rendered cards kept per instance, by total size: a card is 30-60 KB, so about a thousand. */
const CACHE_BYTES = 48 * 2 ** 20;
/** Renders running at once, on libuv's thread pool (4 threads by default, shared with fs and crypto). */
const CONCURRENCY = 2;
/** Distinct cards waiting for a render; past this a request is refused (503) instead of queued. */
const MAX_PENDING = 64;

export const CARD_HEADERS: Readonly<Record<string, string>> = {
  ...WIDGET_HEADERS,
  'content-type': 'image/png',
  'content-security-policy': "default-src 'none'",
};

/** Too many distinct cards are waiting for a render; the client may retry in a moment. */
export class ShareCardBusy extends Error {}

/** assets/fonts under the project root (found by walking up: src/ under Jest, dist/src/ in production). */
export function fontFiles(): string[] {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, 'assets', 'fonts', f));
      const missing = files.filter((f) => !existsSync(f));
      if (missing.length) throw new Error(`share card font missing: ${missing.join(', ')}`);
      return files;
    }
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}`);
  }
}

/**
 * Turns share-card SVGs into PNGs with resvg, given only the font files shipped in the repository
 * (no system fonts, so every machine draws the same pixels). Each distinct card (the appeal, its
 * totals version, and a digest of the SVG, which also moves on an organiser's edit) is rendered
 * once per instance: concurrent requests share the render in flight, and the bytes are kept in a
 * bounded least-recently-used cache. At most CONCURRENCY renders run at once.
 */
@Injectable()
export class ShareCardRenderer {
  private readonly cards = new Map<string, CachedBody>();
  private cachedBytes = 0;
  private readonly inFlight = new Map<string, Promise<CachedBody>>();
  private running = 0;
  private readonly queue: Array<() => void> = [];
  private readonly options: ResvgRenderOptions;

  constructor(private readonly metrics: MetricsService) {
    this.options = {
      font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: CARD_FONT_FAMILY, sansSerifFamily: CARD_FONT_FAMILY },
      fitTo: { mode: 'original' },
      logLevel: 'off',
    };
  }

  /** The cached card, synchronously, or the render that makes it. Throws ShareCardBusy. */
  card(entry: ProgressEntry, locale: string): CachedBody | Promise<CachedBody> {
    const { key, svg } = entry.memoize(`png|${locale}`, () => {
      const svg = renderShareCardSvg(entry.view, locale);
      const digest = createHash('sha1').update(svg).digest('base64url');
      return { key: `${entry.appealId}|${entry.version}|${digest}`, svg };
    });
    const hit = this.cards.get(key);
    if (hit) {
      this.cards.delete(key); // re-inserted: Map order is the recency order
      this.cards.set(key, hit);
      return hit;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    if (this.inFlight.size >= MAX_PENDING) {
      this.metrics.shareCardRenders.inc({ outcome: 'busy' });
      throw new ShareCardBusy('too many share cards are being rendered');
    }
    const render = this.render(svg, entry.version)
      .then((body) => {
        this.store(key, body);
        return body;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, render);
    return render;
  }

  private async render(svg: string, version: number): Promise<CachedBody> {
    await this.turn();
    try {
      const png = (await renderAsync(svg, this.options)).asPng();
      this.metrics.shareCardRenders.inc({ outcome: 'rendered' });
      return cachedBody(version, png, CARD_HEADERS);
    } catch (e) {
      this.metrics.shareCardRenders.inc({ outcome: 'failed' });
      throw e;
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  /** Resolves when a render slot is free, and takes it. */
  private turn(): Promise<void> {
    if (this.running < CONCURRENCY) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.running++;
        resolve();
      }),
    );
  }

  private store(key: string, body: CachedBody): void {
    this.cards.set(key, body);
    this.cachedBytes += body.bytes.length;
    for (const [oldest, old] of this.cards) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cards.delete(oldest);
      this.cachedBytes -= old.bytes.length;
    }
  }
}
