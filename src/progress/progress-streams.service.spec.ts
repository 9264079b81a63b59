import { stringifyExact } from '../common/exact-json';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { ProgressCache, ProgressChange } from './progress-cache.service';
import { ProgressEntry } from './progress-entry';
import { SupportersFeed } from './supporters-feed.service';
import { ProgressStreams } from './progress-streams.service';
import { viewFixture } from './progress-view.fixture';

class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  status = 0;
  headers: Record<string, string> = {};
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  writeHead(status: number, headers: Record<string, string> = {}) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(chunk: Buffer | string) {
    this.chunks.push(String(chunk));
    return true;
  }
  end(chunk?: Buffer | string) {
    if (chunk) this.chunks.push(String(chunk));
    this.writableEnded = true;
    setImmediate(() => this.emit('close'));
  }
  destroy() {
    this.destroyed = true;
    setImmediate(() => this.emit('close'));
  }
  get text() {
    return this.chunks.join('');
  }
}

class FakeCache {
  private fn: ((c: ProgressChange) => void) | null = null;
  onChange(fn: (c: ProgressChange) => void) {
    this.fn = fn;
    return () => {
      this.fn = null;
    };
  }
  emit(c: ProgressChange) {
    this.fn?.(c);
  }
}

const entry = (overrides = {}) => new ProgressEntry('a1', viewFixture(overrides));
const tick = () => new Promise((r) => setImmediate(r));

/** A supporters feed with nothing to say: these specs are about progress frames. */
const quietWall = { watch: () => undefined, onChange: () => () => undefined, latest: () => new Promise(() => undefined) };

describe('ProgressStreams', () => {
  let cache: FakeCache;
  let metrics: MetricsService;
  let streams: ProgressStreams;
  const gauge = async () => (await metrics.openStreams.get()).values[0]?.value ?? 0;
  const open = (e = entry(), address = '203.0.113.7') => {
    const res = new FakeResponse();
    streams.open(e, res as unknown as ServerResponse, address);
    return res;
  };
  const limited = (env: Record<string, number>) =>
    new ProgressStreams(
      cache as unknown as ProgressCache,
      metrics,
      Object.assign(new AppConfig(), env),
      quietWall as unknown as SupportersFeed,
    );

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    cache = new FakeCache();
    metrics = new MetricsService();
    streams = limited({ STREAMS_PER_ADDRESS: 10_000, STREAMS_MAX: 10_000 });
    streams.onModuleInit();
  });
  afterEach(() => {
    streams.beforeApplicationShutdown();
    streams.onModuleDestroy();
    jest.useRealTimers();
  });

  it('starts with the retry hint and the current progress, id = version', () => {
    const res = open(entry({ version: 7 }));
    expect(res.status).toBe(200);
    expect(res.text).toBe(`retry: 3000\n\nid: 7\nevent: progress\ndata: ${stringifyExact(viewFixture({ version: 7 }))}\n\n`);
  });

  it('sends each change to the subscribers of that appeal only', async () => {
    const mine = open();
    const other = open(new ProgressEntry('b1', viewFixture({ slug: 'other' })));
    const next = entry({ version: 8, raised: 900_000 });
    cache.emit({ appealId: 'a1', entry: next, previous: entry() });
    expect(mine.text.endsWith(next.sseFrame.toString())).toBe(true);
    expect(other.text).not.toContain('id: 8');
  });

  it('sends a heartbeat comment every 20 s', () => {
    const res = open();
    jest.advanceTimersByTime(19_999);
    expect(res.text).not.toContain(': heartbeat');
    jest.advanceTimersByTime(1);
    expect(res.text).toContain(': heartbeat\n\n');
  });

  it('releases a stream once when its socket closes, keeping the gauge exact', async () => {
    const res = open();
    open();
    expect(streams.count('school-roof')).toBe(2);
    expect(await gauge()).toBe(2);
    res.emit('close');
    res.emit('close');
    expect(streams.count()).toBe(1);
    expect(await gauge()).toBe(1);
  });

  it('disconnects a reader too far behind instead of buffering for it', async () => {
    const slow = open();
    slow.writableLength = 10 * 1024 * 1024;
    cache.emit({ appealId: 'a1', entry: entry({ version: 9 }), previous: entry() });
    expect(slow.destroyed).toBe(true);
    await tick();
    expect(streams.count()).toBe(0);
  });

  it('says "gone" and closes when the appeal is unpublished', async () => {
    const res = open();
    cache.emit({ appealId: 'a1', entry: entry({ status: 'draft', version: 3 }), previous: entry() });
    expect(res.text).toContain('event: gone');
    expect(res.writableEnded).toBe(true);
    await tick();
    expect(streams.count()).toBe(0);
  });

  it('reaches every one of many streams, a batch per event-loop turn', async () => {
    const all = Array.from({ length: 2500 }, () => open());
    const next = entry({ version: 10 });
    cache.emit({ appealId: 'a1', entry: next, previous: entry() });
    expect(all.filter((r) => r.text.includes('id: 10')).length).toBe(1000);
    await tick();
    await tick();
    expect(all.every((r) => r.text.includes('id: 10'))).toBe(true);
  });

  it('ends every stream at shutdown', () => {
    const res = open();
    streams.beforeApplicationShutdown();
    expect(res.writableEnded).toBe(true);
  });

  describe('caps', () => {
    const refused = async (reason: string) =>
      (await metrics.streamsRefused.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

    it('answers 429 with Retry-After past the per-address cap, while other addresses still stream', async () => {
      streams = limited({ STREAMS_PER_ADDRESS: 2, STREAMS_MAX: 10 });
      open();
      open();
      const third = open();
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toBe('30');
      expect(JSON.parse(third.text)).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringContaining('at most 2'),
      });
      expect(open(entry(), '198.51.100.1').status).toBe(200);
      expect(streams.count()).toBe(3);
      expect(await refused('address')).toBe(1);
    });

    it('answers 503 with Retry-After past the instance cap', async () => {
      streams = limited({ STREAMS_PER_ADDRESS: 10, STREAMS_MAX: 2 });
      open(entry(), '198.51.100.1');
      open(entry(), '198.51.100.2');
      const third = open(entry(), '198.51.100.3');
      expect(third.status).toBe(503);
      expect(third.headers['retry-after']).toBe('30');
      expect(JSON.parse(third.text)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(await refused('instance')).toBe(1);
    });

    it('gives the place back when a stream closes', async () => {
      streams = limited({ STREAMS_PER_ADDRESS: 1, STREAMS_MAX: 10 });
      const first = open();
      expect(open().status).toBe(429);
      first.emit('close');
      expect(open().status).toBe(200);
    });
  });
});
