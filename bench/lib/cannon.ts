// autocannon ships no types; this is the part of its documented API the harness uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

export interface LoadResult {
  rps: number;
  p99ms: number;
  /** Answers by status code, e.g. { '200': 12345 }. */
  statuses: Record<string, number>;
  errors: number;
}

/** Fixed-duration load from `connections` keep-alive connections on 127.0.0.1. */
export async function cannon(
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.seconds, headers: opts.headers ?? {} });
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  return { rps: r.requests.average, p99ms: r.latency.p99, statuses, errors: r.errors + r.timeouts };
}

/** Throws unless every answer had the expected status, so a fast stream of errors never passes as speed. */
export function expectOnly(result: LoadResult, status: number, what: string): void {
  const other = Object.entries(result.statuses).filter(([k]) => k !== String(status));
  if (other.length || result.errors)
    throw new Error(`${what}: expected only ${status}, got ${JSON.stringify(result.statuses)} and ${result.errors} errors`);
}

export interface Paired {
  a: { rps: number; p99ms: number };
  b: { rps: number; p99ms: number };
}

/**
 * A and B in alternating short runs (A first, then B first, ...) after a warm-up of each, so
 * drift on a shared machine falls on both evenly; every answer must have `status`.
 */
export async function alternate(
  urlA: string,
  urlB: string,
  status: number,
  opts: { connections: number; seconds: number; rounds: number; headers?: Record<string, string> },
): Promise<Paired> {
  const load = { connections: opts.connections, seconds: opts.seconds, headers: opts.headers };
  if (opts.rounds > 1) {
    await cannon(urlA, load);
    await cannon(urlB, load);
  }
  const runs: { a: LoadResult[]; b: LoadResult[] } = { a: [], b: [] };
  for (let r = 0; r < opts.rounds; r++) {
    const pair = [async () => runs.a.push(await cannon(urlA, load)), async () => runs.b.push(await cannon(urlB, load))];
    for (const run of r % 2 ? pair.reverse() : pair) await run();
  }
  const summary = (xs: LoadResult[], which: string) => {
    xs.forEach((x) => expectOnly(x, status, which));
    return { rps: xs.reduce((n, x) => n + x.rps, 0) / xs.length, p99ms: Math.max(...xs.map((x) => x.p99ms)) };
  };
  return { a: summary(runs.a, urlA), b: summary(runs.b, urlB) };
}
