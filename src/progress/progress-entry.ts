import { stringifyExact } from '../common/exact-json';
import { CachedBody, cachedBody, PUBLIC_JSON_HEADERS } from './public-http';
import type { ProgressView } from './progress-view';

/** Renders kept per entry (widget variants by theme/locale); beyond this they are not memoised. */
const MAX_MEMO = 64;

/** One SSE event: the version is the event id, so a reconnecting client names what it saw. */
export function sseFrame(version: number, json: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`id: ${version}\nevent: progress\ndata: `), json, Buffer.from('\n\n')]);
}

/**
 * An appeal's public progress as this instance serves it: the serialised JSON, its ETag and the
 * SSE frame are built once per change, so a read is a map lookup and a write of ready bytes.
 * Replaced (never mutated) when a notification arrives, which also drops the memoised renders.
 */
export class ProgressEntry {
  readonly json: CachedBody;
  readonly sseFrame: Buffer;
  /** Drafts are held (they may be published) but answer 404 on every public route. */
  readonly visible: boolean;
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly appealId: string,
    readonly view: ProgressView,
  ) {
    this.json = cachedBody(view.version, stringifyExact(view), PUBLIC_JSON_HEADERS);
    this.sseFrame = sseFrame(view.version, this.json.bytes);
    this.visible = view.status !== 'draft';
  }

  get slug(): string {
    return this.view.slug;
  }
  get version(): number {
    return this.view.version;
  }

  /** Renders derived from this state (an SVG for a locale, a page for a theme). */
  memoize<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = make();
    if (this.memo.size < MAX_MEMO) this.memo.set(key, value);
    return value;
  }
}
