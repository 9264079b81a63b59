import { Agent, get, IncomingMessage } from 'node:http';

/**
 * Many EventSource-like subscribers in one process, each on its own socket. Every frame's `id:`
 * (the progress version) is stamped with the time it arrived, so a benchmark can ask when the
 * last subscriber saw a given version.
 */
export class SseCrowd {
  private readonly seen: Array<Map<number, number>> = [];
  private readonly responses: IncomingMessage[] = [];
  private readonly agent = new Agent({ keepAlive: false, maxSockets: Infinity });

  async open(url: string, count: number, batch = 100): Promise<void> {
    for (let i = 0; i < count; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => this.subscribe(url)));
    }
  }

  get size(): number {
    return this.responses.length;
  }

  /** Resolves with each subscriber's arrival time of `version` (or later), or throws after timeoutMs. */
  async arrivals(version: number, timeoutMs = 10_000): Promise<number[]> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const times = this.seen.map((m) => firstAtLeast(m, version));
      if (times.every((t) => t !== undefined)) return times as number[];
      if (performance.now() > deadline)
        throw new Error(`${times.filter((t) => t === undefined).length} of ${times.length} subscribers never saw version ${version}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  close(): void {
    for (const r of this.responses) r.destroy();
    this.agent.destroy();
  }

  private subscribe(url: string): Promise<void> {
    const seen = new Map<number, number>();
    this.seen.push(seen);
    return new Promise((resolve, reject) => {
      const req = get(url, { agent: this.agent, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        this.responses.push(res);
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const now = performance.now();
          buf += chunk;
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const id = /^id: ?(\d+)$/m.exec(buf.slice(0, i));
            if (id && !seen.has(Number(id[1]))) seen.set(Number(id[1]), now);
            buf = buf.slice(i + 2);
          }
          resolve();
        });
      });
      req.on('error', reject);
    });
  }
}

function firstAtLeast(m: Map<number, number>, version: number): number | undefined {
  let best: number | undefined;
  for (const [v, t] of m) if (v >= version && (best === undefined || t < best)) best = t;
  return best;
}
