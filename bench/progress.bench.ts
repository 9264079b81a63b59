import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternate } from './lib/cannon';
import { ADMIN_TOKEN, BenchContext, serviceEnv } from './lib/context';
import { HttpAnswer, HttpClient } from './lib/http';
import { Result } from './lib/report';
import { startBareServer, startService } from './lib/service';

const CONNECTIONS = 50;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding', 'content-length']);

export interface Case {
  name: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  goal: number | null;
}

/**
 * The public reads at 50 connections (autocannon on 127.0.0.1): progress JSON, its 304, and
 * the SVG badge, each against a bare Node `http` server, in its own process, answering with
 * the very bytes and headers the service sent.
 */
export async function progressReads(ctx: BenchContext): Promise<Result[]> {
  // Full: a warm-up pair, then 3 alternating pairs of 2 s (16 s per case).
  const [rounds, seconds] = ctx.quick ? [1, 1] : [3, 2];
  const db = await ctx.server.database('bench_progress');
  const svc = await startService(serviceEnv(db.url));
  const client = new HttpClient(svc.url);
  const dir = mkdtempSync(join(tmpdir(), 'appeal-bench-'));
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  const results: Result[] = [];
  try {
    await seedAppeal(client);
    const etag = await settledEtag(client);
    const cases: Case[] = [
      { name: 'progress JSON', path: '/api/appeals/hot/progress', headers: {}, status: 200, goal: 0.7 },
      {
        name: 'progress JSON, 304 (If-None-Match)',
        path: '/api/appeals/hot/progress',
        headers: { 'if-none-match': etag },
        status: 304,
        goal: null,
      },
      { name: 'SVG badge', path: '/widgets/hot.svg', headers: {}, status: 200, goal: null },
    ];
    const recorded: Record<string, unknown> = {};
    for (const c of cases) {
      const answer = await client.send('GET', c.path, undefined, c.headers);
      if (answer.status !== c.status) throw new Error(`${c.name}: service answered ${answer.status}`);
      recorded[`${c.path}${c.headers['if-none-match'] ? ' if-none-match' : ''}`] = recording(answer);
    }
    writeFileSync(join(dir, 'recorded.json'), JSON.stringify(recorded));
    bare = await startBareServer('bare-server', join(dir, 'recorded.json'));
    for (const c of cases) results.push(await compare(ctx, c, svc.url, bare.url, rounds, seconds));
  } finally {
    client.close();
    await bare?.stop();
    await svc.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export async function compare(
  ctx: BenchContext,
  c: Case,
  serviceUrl: string,
  bareUrl: string,
  rounds: number,
  seconds: number,
): Promise<Result> {
  const { a: s, b } = await alternate(serviceUrl + c.path, bareUrl + c.path, c.status, {
    connections: CONNECTIONS,
    seconds,
    rounds,
    headers: c.headers,
  });
  ctx.log(`${c.name}: ${s.rps.toFixed(0)} req/s (p99 ${s.p99ms} ms) vs bare ${b.rps.toFixed(0)} req/s (p99 ${b.p99ms} ms)`);
  return {
    bench: 'public reads, 50 connections',
    case: c.name,
    value: s.rps,
    unit: 'req/s',
    baseline: b.rps,
    baselineLabel: 'bare node:http, same bytes',
    ratio: s.rps / b.rps,
    goal: c.goal === null ? 'reported' : `>= ${c.goal}x`,
    pass: c.goal === null || s.rps / b.rps >= c.goal,
    note: `p99 ${s.p99ms} ms vs ${b.p99ms} ms`,
  };
}

export function recording(a: HttpAnswer): { status: number; headers: Record<string, string>; body: string } {
  const headers = Object.fromEntries(
    Object.entries(a.headers)
      .filter(([k, v]) => !HOP_BY_HOP.has(k) && v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
  );
  return { status: a.status, headers, body: a.bytes.toString('base64') };
}

/** An active appeal with a few gifts, so the bytes are the usual ones. */
async function seedAppeal(client: HttpClient): Promise<void> {
  const res = await client.json(
    'POST',
    '/api/appeals',
    { slug: 'hot', title: 'Roof repair for the village hall', currency: 'usd', target: 5_000_000, status: 'active' },
    ADMIN_TOKEN,
  );
  if (res.status !== 201) throw new Error(`appeal: ${res.status} ${res.body}`);
  for (let i = 0; i < 5; i++) {
    const g = await client.json('POST', '/api/appeals/hot/donations', { amount: 2500 + i, reference: `seed-${i}` }, ADMIN_TOKEN);
    if (g.status !== 201) throw new Error(`gift: ${g.status} ${g.body}`);
  }
}

/** The cache follows the ledger through NOTIFY: wait until it shows every seeded gift. */
async function settledEtag(client: HttpClient): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await client.send('GET', '/api/appeals/hot/progress');
    if ((JSON.parse(res.body) as { donations: number }).donations === 5) return String(res.headers.etag);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('progress never showed the seeded gifts');
}
