import { ProgressCache, ProgressChange } from './progress-cache.service';
import { ProgressEntry } from './progress-entry';
import type { ProgressLoader } from './progress-loader';
import type { ProgressView } from './progress-view';
import { viewFixture } from './progress-view.fixture';

/** A database of views; `hold()` makes loads read their snapshot now and answer later. */
class FakeLoader {
  rows = new Map<string, ProgressView>();
  loads = 0;
  indexLoads = 0;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((r) => {
      this.open = r;
    });
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }

  async load(id: string): Promise<ProgressEntry | null> {
    this.loads++;
    const snapshot = this.rows.get(id);
    if (this.gate) await this.gate;
    return snapshot ? new ProgressEntry(id, { ...snapshot }) : null;
  }

  async slugIndex(): Promise<Map<string, string>> {
    this.indexLoads++;
    return new Map([...this.rows].map(([id, v]) => [v.slug, id]));
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ProgressCache', () => {
  let db: FakeLoader;
  let cache: ProgressCache;
  let changes: ProgressChange[];
  beforeEach(() => {
    db = new FakeLoader();
    db.rows.set('a1', viewFixture({ slug: 'roof' }));
    cache = new ProgressCache(db as unknown as ProgressLoader);
    changes = [];
    cache.onChange((c) => changes.push(c));
  });
  afterEach(() => cache.onModuleDestroy());

  it('loads an appeal once, then serves it from memory', async () => {
    const first = await cache.get('roof');
    expect(first?.view.raised).toBe(875_000n);
    for (let i = 0; i < 10; i++) expect(await cache.get('roof')).toBe(first);
    expect(cache.peek('roof')).toBe(first);
    expect(db.loads).toBe(1);
  });

  it('answers unknown slugs from the index, without loading', async () => {
    expect(await cache.get('nope')).toBeUndefined();
    expect(await cache.get('other')).toBeUndefined();
    expect(db.loads).toBe(0);
    expect(db.indexLoads).toBe(1);
  });

  it('reloads on a notification and tells subscribers only when the bytes changed', async () => {
    await cache.get('roof');
    db.rows.set('a1', viewFixture({ slug: 'roof', raised: 900_000n, version: 4 }));
    cache.notified({ appealId: 'a1', version: 0 });
    await tick();
    expect(cache.peek('roof')?.view.raised).toBe(900_000n);
    expect(changes.map((c) => c.entry?.version)).toEqual([3, 4]);
    cache.notified({ appealId: 'a1', version: 0 });
    await tick();
    expect(changes).toHaveLength(2);
  });

  it('never keeps the result of a load that read before a notified commit', async () => {
    await cache.get('roof');
    db.hold();
    cache.notified({ appealId: 'a1', version: 0 }); // a reload starts and reads the old row
    await tick();
    db.rows.set('a1', viewFixture({ slug: 'roof', raised: 950_000n, version: 5 }));
    cache.notified({ appealId: 'a1', version: 0 }); // the commit's NOTIFY arrives while that reload is still running
    db.release();
    await cache.refresh('a1');
    expect(cache.peek('roof')?.view.raised).toBe(950_000n);
  });

  it('learns an appeal created after its index was loaded from its notification', async () => {
    expect(await cache.get('new-one')).toBeUndefined();
    db.rows.set('a2', viewFixture({ slug: 'new-one', version: 1 }));
    cache.notified({ appealId: 'a2', version: 0 });
    await tick();
    expect(cache.peek('new-one')?.view.slug).toBe('new-one');
  });

  it('ignores notifications for known appeals nobody asked for', async () => {
    db.rows.set('a2', viewFixture({ slug: 'quiet' }));
    await cache.get('roof');
    db.loads = 0;
    cache.notified({ appealId: 'a2', version: 0 });
    await tick();
    expect(db.loads).toBe(0);
  });

  it('forgets an appeal that disappeared but not a newer appeal with its slug', async () => {
    await cache.get('roof');
    db.rows.delete('a1');
    db.rows.set('b1', viewFixture({ slug: 'roof', title: 'Recreated' }));
    cache.notified({ appealId: 'b1', version: 0 });
    await tick();
    cache.notified({ appealId: 'a1', version: 0 });
    await tick();
    expect(cache.peek('roof')?.view.title).toBe('Recreated');
    expect(changes.some((c) => c.appealId === 'a1' && c.entry === null)).toBe(true);
  });

  it('reloads everything it holds on resync, as after a lost connection', async () => {
    await cache.get('roof');
    db.rows.set('a1', viewFixture({ slug: 'roof', raised: 1_000_001n, version: 9 }));
    db.rows.set('a3', viewFixture({ slug: 'made-in-the-gap' }));
    await cache.resync();
    expect(cache.peek('roof')?.view.raised).toBe(1_000_001n);
    expect((await cache.get('made-in-the-gap'))?.view.slug).toBe('made-in-the-gap');
  });

  it('rejects a cold read when the database fails, and tries again on the next one', async () => {
    await cache.get('roof');
    const failing = jest.spyOn(db, 'slugIndex').mockRejectedValueOnce(new Error('db down'));
    const fresh = new ProgressCache(db as unknown as ProgressLoader);
    await expect(fresh.get('roof')).rejects.toThrow('db down');
    expect((await fresh.get('roof'))?.view.slug).toBe('roof');
    failing.mockRestore();
    fresh.onModuleDestroy();
  });

  describe('notifications that carry the totals (money changes)', () => {
    const totals = (raised: bigint, version: number, updatedAt = '2027-02-01T12:00:00.000Z') => ({
      appealId: 'a1',
      version,
      totals: { raised, donations: 8, donors: 5, countries: 2, updatedAt: new Date(updatedAt) },
    });

    it('moves a held entry at once, without a query, and recomputes what depends on the totals', async () => {
      await cache.get('roof');
      db.loads = 0;
      cache.notified(totals(1_000_000n, 4));
      const now = cache.peek('roof')!.view;
      expect(now).toMatchObject({ raised: 1_000_000n, donations: 8, donors: 5, percent: 100, version: 4, title: 'School roof' });
      expect(now.updatedAt).toBe('2027-02-01T12:00:00.000Z');
      expect(cache.peek('roof')!.json.etag).toMatch(/^"4-/);
      expect(changes.map((c) => c.entry?.version)).toEqual([3, 4]);
      expect(db.loads).toBe(0);
    });

    it('never goes back to an older version', async () => {
      await cache.get('roof');
      cache.notified(totals(950_000n, 5));
      cache.notified(totals(900_000n, 4));
      cache.notified(totals(950_000n, 5));
      expect(cache.peek('roof')?.view).toMatchObject({ raised: 950_000n, version: 5 });
      expect(changes.map((c) => c.entry?.version)).toEqual([3, 5]);
    });

    it('leaves it to a running reload to read the commit, then serves what the database says', async () => {
      await cache.get('roof');
      db.hold();
      cache.notified({ appealId: 'a1', version: 3 }); // an edit: a reload starts and reads the old row
      await tick();
      db.rows.set('a1', viewFixture({ slug: 'roof', raised: 990_000n, version: 6 }));
      cache.notified(totals(990_000n, 6)); // arrives while that reload runs
      expect(cache.peek('roof')?.view.version).toBe(3);
      db.release();
      await cache.refresh('a1');
      expect(cache.peek('roof')?.view).toMatchObject({ raised: 990_000n, version: 6 });
    });

    it('loads rather than trusts totals for an appeal it does not hold', async () => {
      db.rows.set('a2', viewFixture({ slug: 'new-one', raised: 5n, version: 2 }));
      cache.notified({ ...totals(123n, 2), appealId: 'a2' });
      await tick();
      expect(cache.peek('new-one')?.view).toMatchObject({ raised: 5n, version: 2 });
    });
  });
});
