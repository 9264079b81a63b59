import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { KeyedSerial } from './keyed-serial';
import { ProgressEntry } from './progress-entry';
import { ProgressLoader } from './progress-loader';
import type { ProgressNotification } from './progress-notify';
import { withTotals } from './progress-view';

export interface ProgressChange {
  appealId: string;
  /** null when the appeal no longer exists. */
  entry: ProgressEntry | null;
  previous: ProgressEntry | undefined;
}

const RETRY_MS = 2000;
const RESYNC_CONCURRENCY = 8;

/**
 * This instance's copy of every appeal's public progress that someone has asked for, kept
 * current by NOTIFY (see ProgressListener) rather than by expiry, so a steady-state read touches
 * no database. An index of every slug answers unknown slugs without a query. Reloads go through
 * KeyedSerial so a burst of notifications collapses into few queries and the last one wins.
 */
@Injectable()
export class ProgressCache implements OnModuleDestroy {
  private readonly logger = new Logger(ProgressCache.name);
  private readonly entries = new Map<string, ProgressEntry>();
  private bySlug = new Map<string, string>();
  private knownIds = new Set<string>();
  private indexed: Promise<void> | null = null;
  private readonly serial = new KeyedSerial<string>();
  private readonly subscribers = new Set<(change: ProgressChange) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly loader: ProgressLoader) {}

  /** The hot path: a map lookup, no promise. */
  peek(slug: string): ProgressEntry | undefined {
    const id = this.bySlug.get(slug);
    return id === undefined ? undefined : this.entries.get(id);
  }

  /** Loads on first use; unknown slugs are answered from the index without a query. */
  async get(slug: string): Promise<ProgressEntry | undefined> {
    const hit = this.peek(slug);
    if (hit) return hit;
    await (this.indexed ??= this.loadIndex());
    const id = this.bySlug.get(slug);
    if (id === undefined) return undefined;
    await this.refresh(id);
    return this.peek(slug);
  }

  onChange(fn: (change: ProgressChange) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /**
   * A NOTIFY arrived. A money change carries the new totals: a held entry moves at once, with no
   * query, unless a reload is under way (then one more reload follows it, reading this commit).
   * Anything else (an edit, an appeal never seen) reloads what we hold and learns new appeals.
   */
  notified(n: ProgressNotification): void {
    const { appealId } = n;
    const held = this.entries.get(appealId);
    if (held && n.totals && !this.serial.isRunning(appealId)) {
      if (n.version <= held.version) return; // already serving this change or a later one
      const entry = new ProgressEntry(appealId, withTotals(held.view, n.totals, n.version));
      this.entries.set(appealId, entry);
      this.emit({ appealId, entry, previous: held });
      return;
    }
    if (held || this.serial.isRunning(appealId) || !this.knownIds.has(appealId)) {
      this.refresh(appealId).catch(() => undefined);
    }
  }

  /** Reloads one appeal now; resolves once this instance serves the committed state. */
  refresh(appealId: string): Promise<void> {
    return this.serial.run(appealId, () => this.reload(appealId));
  }

  /**
   * After the listening connection was (re)established: notifications sent while it was down
   * are lost, so everything held is reloaded, and the slug index rebuilt.
   */
  async resync(): Promise<void> {
    this.indexed = this.loadIndex();
    await this.indexed;
    const ids = [...this.entries.keys()];
    const worker = async () => {
      for (let id = ids.pop(); id !== undefined; id = ids.pop()) await this.refresh(id).catch(() => undefined);
    };
    await Promise.all(Array.from({ length: RESYNC_CONCURRENCY }, worker));
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private async loadIndex(): Promise<void> {
    try {
      const fresh = await this.loader.slugIndex();
      // Entries loaded while the index query ran may be newer than its snapshot: keep them.
      for (const e of this.entries.values()) fresh.set(e.slug, e.appealId);
      this.bySlug = fresh;
      this.knownIds = new Set(fresh.values());
    } catch (e) {
      this.indexed = null;
      throw e;
    }
  }

  private async reload(appealId: string): Promise<void> {
    let entry: ProgressEntry | null;
    try {
      entry = await this.loader.load(appealId);
    } catch (e) {
      this.retryLater(appealId, e);
      throw e;
    }
    const previous = this.entries.get(appealId);
    if (entry) {
      this.entries.set(appealId, entry);
      this.bySlug.set(entry.slug, appealId);
      this.knownIds.add(appealId);
    } else {
      this.forget(appealId, previous);
    }
    if (previous?.json.etag !== entry?.json.etag) this.emit({ appealId, entry, previous });
  }

  private forget(appealId: string, previous: ProgressEntry | undefined): void {
    this.entries.delete(appealId);
    this.knownIds.delete(appealId);
    // The slug may already belong to a newer appeal (tests truncate and recreate).
    if (previous && this.bySlug.get(previous.slug) === appealId) this.bySlug.delete(previous.slug);
  }

  private emit(change: ProgressChange): void {
    for (const fn of this.subscribers) {
      try {
        fn(change);
      } catch (e) {
        this.logger.error(`progress subscriber failed: ${String(e)}`);
      }
    }
  }

  /** A failed reload would leave a stale entry until the next change: try again shortly. */
  private retryLater(appealId: string, error: unknown): void {
    if (this.closed || !this.entries.has(appealId)) return;
    this.logger.warn(`reloading appeal ${appealId} failed (${String(error)}); retrying in ${RETRY_MS} ms`);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.refresh(appealId).catch(() => undefined);
    }, RETRY_MS);
    t.unref();
    this.timers.add(t);
  }
}
