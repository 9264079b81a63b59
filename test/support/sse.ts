import { get, IncomingMessage } from 'node:http';

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

export interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  events: SseEvent[];
  /** Resolves with the first event (past `from`) matching `pred`. */
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number, from?: number): Promise<SseEvent>;
  closed: Promise<void>;
  close(): void;
}

function parseBlock(block: string): SseEvent {
  const e: SseEvent = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) e.comment = line.slice(1).trim();
    const m = /^(id|event|data): ?(.*)$/.exec(line);
    if (m) e[m[1] as 'id' | 'event' | 'data'] = m[2];
  }
  return e;
}

/** A minimal EventSource over node:http, so tests see ids, comments and the raw socket. */
export function openStream(url: string, headers: Record<string, string> = {}, localAddress?: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    // localAddress (127.0.0.2, ...): another client address on loopback, without trusting a proxy header.
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers }, localAddress }, (res) => {
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          events.push(parseBlock(buf.slice(0, i)));
          buf = buf.slice(i + 2);
        }
        for (const w of waiters) w();
      });
      const closed = new Promise<void>((r) => res.once('close', () => r()));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        closed,
        close: () => req.destroy(),
        waitFor: (pred, timeoutMs = 5000, from = 0) =>
          new Promise((ok, fail) => {
            const check = () => {
              const hit = events.slice(from).find(pred);
              if (hit) {
                waiters.delete(check);
                clearTimeout(timer);
                ok(hit);
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching SSE event in ${timeoutMs} ms; got ${JSON.stringify(events)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      });
    });
    req.on('error', reject);
  });
}
