import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, BenchContext, serviceEnv } from './lib/context';
import { HttpClient } from './lib/http';
import { Result } from './lib/report';
import { startBareServer, startService } from './lib/service';
import { Case, compare, recording } from './progress.bench';

const SLUG = 'card';
const PATH = `/widgets/${SLUG}.png`;

/**
 * The share card (/widgets/:slug.png): the cached path at 50 connections against a bare
 * node:http server sending the same recorded bytes, and the cost of drawing a new state (the
 * first request after a gift, which renders with resvg) against the cached answer to the very
 * next request, one after the other on one connection.
 */
export async function shareCard(ctx: BenchContext): Promise<Result[]> {
  const [rounds, seconds, states] = ctx.quick ? [1, 1, 3] : [3, 2, 30];
  const db = await ctx.server.database('bench_card');
  const svc = await startService(serviceEnv(db.url));
  const client = new HttpClient(svc.url);
  const dir = mkdtempSync(join(tmpdir(), 'appeal-bench-card-'));
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  const results: Result[] = [];
  try {
    await post(client, '/api/appeals', {
      slug: SLUG,
      title: 'Roof repair for the village hall',
      currency: 'usd',
      target: 5_000_000,
      status: 'active',
    });
    results.push(await renderCost(ctx, client, states));

    const first = await client.send('GET', PATH);
    if (first.status !== 200) throw new Error(`share card: ${first.status}`);
    const etag = String(first.headers.etag);
    const cases: Case[] = [
      { name: 'share card PNG, cached', path: PATH, headers: {}, status: 200, goal: null },
      { name: 'share card PNG, 304 (If-None-Match)', path: PATH, headers: { 'if-none-match': etag }, status: 304, goal: null },
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

async function post(client: HttpClient, path: string, body: unknown): Promise<void> {
  const res = await client.json('POST', path, body, ADMIN_TOKEN);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.body}`);
}

/** For each new state: a gift, the wait until this instance serves it, then two timed GETs. */
async function renderCost(ctx: BenchContext, client: HttpClient, states: number): Promise<Result> {
  const cold: number[] = [];
  const warm: number[] = [];
  let bytes = 0;
  for (let i = 0; i < states; i++) {
    await post(client, `/api/appeals/${SLUG}/donations`, { amount: 1000 + i * 37, reference: `card-${i}` });
    await until(
      async () =>
        (JSON.parse((await client.send('GET', `/api/appeals/${SLUG}/progress`)).body) as { donations: number }).donations === i + 1,
    );
    for (const into of [cold, warm]) {
      const t0 = process.hrtime.bigint();
      const res = await client.send('GET', PATH);
      into.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.status !== 200) throw new Error(`share card: ${res.status}`);
      bytes = res.bytes.length;
    }
  }
  const c = median(cold);
  const w = median(warm);
  ctx.log(`share card: first request of a new state ${c.toFixed(1)} ms (max ${Math.max(...cold).toFixed(1)}), cached ${w.toFixed(2)} ms`);
  return {
    bench: 'share card',
    case: `first request after a gift (renders), median of ${states}`,
    value: c,
    unit: 'ms',
    baseline: w,
    baselineLabel: 'the next request, cached',
    ratio: c / w,
    goal: '< 100 ms',
    pass: c < 100,
    note: `max ${Math.max(...cold).toFixed(1)} ms; ${Math.round(bytes / 1024)} KB PNG`,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the service never showed the gift');
}
