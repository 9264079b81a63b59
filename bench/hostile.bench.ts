import { cannon, expectOnly, LoadResult } from './lib/cannon';
import { ADMIN_TOKEN, BenchContext, serviceEnv } from './lib/context';
import { HttpClient } from './lib/http';
import { Result } from './lib/report';
import { startHostileSenders, startService } from './lib/service';

const CONNECTIONS = 50;
const CLIENTS = 8;
const MIB = 1024 * 1024;

interface Attack {
  name: string;
  bytes: number;
  paths: string[];
  goal: number | null;
}

/**
 * Public reads while hostile clients post deeply nested JSON: progress JSON at 50 connections
 * (autocannon), quiet and under attack in alternating runs against the same service, the attack
 * coming from eight clients in another process. Before bounded parsing, one 1 MB `[[[[...]]]]`
 * cost 0.1-0.2 s of parsing on the event loop, wherever it was posted.
 */
export async function hostileBodies(ctx: BenchContext): Promise<Result[]> {
  const [rounds, seconds] = ctx.quick ? [1, 1] : [2, 3];
  const db = await ctx.server.database('bench_hostile');
  const svc = await startService(serviceEnv(db.url, { CHECKOUT_RATE_LIMIT: '1000000' }));
  const client = new HttpClient(svc.url);
  try {
    const created = await client.json(
      'POST',
      '/api/appeals',
      { slug: 'calm', title: 'Calm appeal', currency: 'usd', target: 1_000_000, status: 'active' },
      ADMIN_TOKEN,
    );
    if (created.status !== 201) throw new Error(`appeal: ${created.status} ${created.body}`);
    const attacks: Attack[] = [
      // Every route class: the webhook (1 MiB allowed, signature checked first), an unknown
      // route and a public API route (64 KB).
      {
        name: '8 clients posting 1 MB nested JSON',
        bytes: MIB,
        paths: ['/webhooks/stripe', '/no/such/route', '/api/appeals/calm/checkout'],
        goal: 0.5,
      },
      // The most an API route accepts, so it is read whole and must be refused by its shape.
      {
        name: '8 clients posting 60 KB nested JSON to the API',
        bytes: 60 * 1024,
        paths: ['/api/appeals/calm/checkout', '/api/appeals'],
        goal: null,
      },
    ];
    const results: Result[] = [];
    for (const attack of attacks) results.push(await underAttack(ctx, svc.url, attack, rounds, seconds));
    return results;
  } finally {
    client.close();
    await svc.stop();
    await db.drop();
  }
}

/** Quiet and attacked runs in ABBA order, so drift falls on both evenly. */
async function underAttack(ctx: BenchContext, url: string, attack: Attack, rounds: number, seconds: number): Promise<Result> {
  const read = url + '/api/appeals/calm/progress';
  const quiet: LoadResult[] = [];
  const attacked: LoadResult[] = [];
  const hostileAnswers: Record<string, number> = {};
  const runQuiet = async () => {
    quiet.push(await cannon(read, { connections: CONNECTIONS, seconds }));
  };
  const runAttacked = async () => {
    const senders = await startHostileSenders(url, attack.bytes, CLIENTS, attack.paths);
    try {
      attacked.push(await cannon(read, { connections: CONNECTIONS, seconds }));
    } finally {
      await senders.stop();
      const counts = JSON.parse(senders.output().trim().split('\n').pop() ?? '{}') as Record<string, number>;
      for (const [k, v] of Object.entries(counts)) hostileAnswers[k] = (hostileAnswers[k] ?? 0) + v;
    }
  };
  for (let r = 0; r < rounds; r++) {
    for (const run of r % 2 ? [runAttacked, runQuiet] : [runQuiet, runAttacked]) await run();
  }
  [...quiet, ...attacked].forEach((x) => expectOnly(x, 200, read));
  const avg = (xs: LoadResult[]) => xs.reduce((n, x) => n + x.rps, 0) / xs.length;
  const [q, a] = [avg(quiet), avg(attacked)];
  const hostileTotal = Object.values(hostileAnswers).reduce((n, v) => n + v, 0);
  const hostileRate = hostileTotal / (rounds * seconds);
  const answers = Object.entries(hostileAnswers)
    .sort()
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  ctx.log(
    `${attack.name}: ${a.toFixed(0)} req/s (p99 ${Math.max(...attacked.map((x) => x.p99ms))} ms) vs quiet ${q.toFixed(0)} req/s; hostile answers: ${answers}`,
  );
  return {
    bench: 'reads under hostile bodies, 50 connections',
    case: `progress JSON, ${attack.name}`,
    value: a,
    unit: 'req/s',
    baseline: q,
    baselineLabel: 'same read, no attack',
    ratio: a / q,
    goal: attack.goal === null ? 'reported' : `>= ${attack.goal}x`,
    pass: attack.goal === null || a / q >= attack.goal,
    note: `p99 ${Math.max(...attacked.map((x) => x.p99ms))} ms vs ${Math.max(...quiet.map((x) => x.p99ms))} ms; ${hostileRate.toFixed(0)} hostile posts/s answered (${answers})`,
  };
}
