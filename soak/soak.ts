import { intArg, parseArgs, sleep } from '../bench/lib/args';
import { scratchServer } from '../bench/lib/database';
import { HttpClient } from '../bench/lib/http';
import { Random } from '../bench/lib/random';
import { RunningService, startService } from '../bench/lib/service';
import { planScenario, Scenario } from './scenario';
import { scheduleDeliveries, SendStats, StripeLikeSender } from './sender';
import { verify } from './verify';

const SECRET = 'whsec_soak_harness_0123456789';
const ADMIN = 'soak-admin-token-0123456789abcdef';
const USAGE = `npm run soak -- [--quick] [--deliveries N] [--seed S] [--concurrency C] [--kills K]`;

interface SoakOptions {
  total: number;
  seed: number;
  kills: number;
  concurrency: number;
  deadlineMs: number;
}

function options(argv: string[]): SoakOptions | null {
  const args = parseArgs(argv, ['quick', 'deliveries', 'seed', 'concurrency', 'kills', 'help']);
  if (args.has('help')) return null;
  const quick = args.has('quick');
  return {
    total: intArg(args, 'deliveries', quick ? 1000 : 10_000),
    seed: intArg(args, 'seed', Date.now() % 1_000_000),
    kills: intArg(args, 'kills', 1),
    concurrency: intArg(args, 'concurrency', 16),
    deadlineMs: quick ? 120_000 : 300_000,
  };
}

/**
 * Fault soak: N signed deliveries (30 % duplicates, shuffled, bursts on concurrent connections,
 * refunds and disputes mixed in, retries like Stripe), the service killed with SIGKILL and
 * restarted part-way, then the ledger compared with what the plan says it must hold.
 */
async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  const server = await scratchServer();
  try {
    const db = await server.database('soak');
    try {
      console.log(`soak: seed ${opts.seed}, ${opts.total} deliveries, ${server.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'}`);
      return await soak(db.url, opts);
    } finally {
      await db.drop();
    }
  } finally {
    await server.stop();
  }
}

async function soak(dbUrl: string, opts: SoakOptions): Promise<number> {
  const started = Date.now();
  const rnd = new Random(opts.seed);
  const env = {
    DATABASE_URL: dbUrl,
    SECRET_KEY: 'soak-secret-key-0123456789abcdef0123456789',
    STRIPE_WEBHOOK_SECRET: SECRET,
    ADMIN_TOKEN: ADMIN,
    DB_MIGRATE: 'false',
    API_RATE_LIMIT: '1000000',
  };
  let svc = await startService(env);
  const client = new HttpClient(svc.url, 128);
  try {
    const scenario = planScenario(Math.round(opts.total * 0.7), rnd);
    await createAppeals(client, scenario);
    const deliveries = scheduleDeliveries(scenario.events, opts.total, rnd);
    const killAt = new Set(Array.from({ length: opts.kills }, (_, i) => Math.floor((deliveries.length * (i + 1)) / (opts.kills + 1))));
    let chaos = Promise.resolve();
    const sender = new StripeLikeSender(client, SECRET, {
      concurrency: opts.concurrency,
      deadline: Date.now() + opts.deadlineMs,
      onDispatched: (n) => {
        if (killAt.has(n))
          chaos = chaos.then(async () => {
            svc = await killAndRestart(svc, env, client);
          });
      },
    });
    const stats = await sender.run(deliveries);
    await chaos;
    const verdict = await verify(dbUrl, client, scenario);
    report(stats, scenario, verdict, (Date.now() - started) / 1000);
    if (stats.oddAnswers.length) console.log(`soak: service log (tail):\n${svc.output().slice(-4000)}`);
    return verdict.lost || verdict.doubleCounted || verdict.problems.length || stats.gaveUp || stats.oddAnswers.length ? 1 : 0;
  } finally {
    client.close();
    await svc.stop('SIGTERM');
  }
}

async function createAppeals(client: HttpClient, scenario: Scenario): Promise<void> {
  for (const a of scenario.appeals) {
    const res = await client.json(
      'POST',
      '/api/appeals',
      { slug: a.slug, title: `Soak ${a.slug}`, currency: a.currency, target: 100_000_000, status: 'active' },
      ADMIN,
    );
    if (res.status !== 201) throw new Error(`could not create ${a.slug}: ${res.status} ${res.body}`);
  }
}

/** SIGKILL: no shutdown hook runs, in-flight transactions die with their connections. */
async function killAndRestart(svc: RunningService, env: Record<string, string>, client: HttpClient): Promise<RunningService> {
  const t0 = Date.now();
  await svc.stop('SIGKILL');
  await sleep(500); // deliveries keep failing meanwhile and go to the retry queue
  const next = await startService(env, { port: svc.port }).catch(() => startService(env));
  client.retarget(next.url);
  console.log(`soak: killed pid ${svc.child.pid} with SIGKILL, restarted as pid ${next.child.pid} in ${Date.now() - t0} ms`);
  return next;
}

function report(
  stats: SendStats,
  scenario: Scenario,
  verdict: { lost: number; doubleCounted: number; problems: string[] },
  seconds: number,
): void {
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort()
      .map(([k, n]) => `${k}=${n}`)
      .join(' ');
  console.log(`soak: ${scenario.payments.length} payments, ${scenario.events.length} distinct events, ${seconds.toFixed(1)} s`);
  console.log(`soak: answers ${fmt(stats.statuses)}`);
  console.log(`soak: outcomes ${fmt(stats.outcomes)}`);
  for (const a of stats.oddAnswers) console.log(`soak: unexpected answer ${a}`);
  for (const p of verdict.problems.slice(0, 30)) console.log(`DIFFERENCE: ${p}`);
  if (verdict.problems.length > 30) console.log(`... and ${verdict.problems.length - 30} more`);
  if (stats.gaveUp) console.log(`soak: ${stats.gaveUp} deliveries never answered 2xx before the deadline`);
  const lost = verdict.lost + stats.gaveUp;
  console.log(
    `delivered ${stats.acknowledged}, duplicates ${stats.deliveries - scenario.events.length}, retried ${stats.retried}, lost ${lost}, double-counted ${verdict.doubleCounted}`,
  );
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
