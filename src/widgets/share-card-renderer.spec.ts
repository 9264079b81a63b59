import { MetricsService } from '../metrics/metrics.service';
import { ProgressEntry } from '../progress/progress-entry';
import { viewFixture } from '../progress/progress-view.fixture';
import { ShareCardBusy, ShareCardRenderer } from './share-card-renderer';

const entry = (version: number, title = 'School roof') => new ProgressEntry('appeal-1', viewFixture({ version, title }));

describe('ShareCardRenderer', () => {
  let metrics: MetricsService;
  let cards: ShareCardRenderer;
  beforeEach(() => {
    metrics = new MetricsService();
    cards = new ShareCardRenderer(metrics);
  });
  const rendered = async () => (await metrics.shareCardRenders.get()).values.find((v) => v.labels.outcome === 'rendered')?.value ?? 0;

  it('draws a state once: concurrent asks share the render, later ones get the cached bytes synchronously', async () => {
    const e = entry(7);
    const asks = [cards.card(e, 'en-US'), cards.card(e, 'en-US'), cards.card(entry(7), 'en-US')];
    expect(asks[0]).toBeInstanceOf(Promise);
    expect(asks[1]).toBe(asks[0]);
    expect(asks[2]).toBe(asks[0]); // a new entry for the same state (an edit that changed nothing drawn)
    const body = await asks[0];
    expect(body.etag).toMatch(/^"7-/);
    expect(cards.card(e, 'en-US')).toBe(body);
    expect(await rendered()).toBe(1);
  });

  it('draws again when what the card shows changes, even at the same totals version', async () => {
    const a = await cards.card(entry(7), 'en-US');
    const b = await cards.card(entry(7, 'New roof'), 'en-US');
    expect(b.etag).not.toBe(a.etag);
    expect(b.bytes.equals(a.bytes)).toBe(false);
    expect(await rendered()).toBe(2);
  });

  it('refuses, rather than queues, once 64 distinct cards are waiting', async () => {
    const waiting = Array.from({ length: 64 }, (_, i) => cards.card(entry(100 + i), 'en-US'));
    expect(() => cards.card(entry(999), 'en-US')).toThrow(ShareCardBusy);
    await Promise.all(waiting);
    expect(await rendered()).toBe(64);
    await expect(Promise.resolve(cards.card(entry(999), 'en-US'))).resolves.toHaveProperty('etag');
  });
});
