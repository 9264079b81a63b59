import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { openFileLimit } from '../src/common/file-limit';
import { intArg, parseArgs } from './lib/args';
import { BenchContext } from './lib/context';
import { scratchServer } from './lib/database';
import { printResult, Result, resultsTable } from './lib/report';
import { progressReads } from './progress.bench';
import { coldStart } from './cold-start.bench';
import { hostileBodies } from './hostile.bench';
import { csvExport, ledgerScale } from './scale.bench';
import { sseFanOut } from './sse.bench';
import { shareCard } from './share-card.bench';
import { webhookIngest } from './webhooks.bench';

/** Each benchmark starts what it needs on the shared scratch server and stops it again. */
const BENCHMARKS: Record<string, (ctx: BenchContext) => Promise<Result[]>> = {
  reads: progressReads,
  card: shareCard,
  hostile: hostileBodies,
  ingest: webhookIngest,
  sse: sseFanOut,
  scale: ledgerScale,
  csv: csvExport,
  start: coldStart,
};

const USAGE = `npm run bench -- [--quick] [--only ${Object.keys(BENCHMARKS).join(',')}] [--subscribers N (sse; default 1000)]`;

/**
 * N streams need N sockets here and in the service: when the soft open-file limit is too low,
 * run this harness again under `ulimit -n <hard limit>` (the service and baselines are started
 * the same way by lib/service.ts).
 */
function rerunWithMoreFiles(needed: number): number | null {
  if (openFileLimit() >= needed || process.env.BENCH_FILES_RAISED) return null;
  console.log(`bench: raising the open-file limit (soft ${openFileLimit()}, ${needed} needed)`);
  const r = spawnSync(
    '/bin/sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, BENCH_FILES_RAISED: '1' } },
  );
  return r.status ?? 1;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['quick', 'only', 'help', 'subscribers']);
  if (args.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const subscribers = args.has('subscribers') ? intArg(args, 'subscribers', 1000) : undefined;
  const rerun = rerunWithMoreFiles((subscribers ?? 0) + 1000);
  if (rerun !== null) return rerun;
  const only = args.get('only')?.split(',') ?? Object.keys(BENCHMARKS);
  const unknown = only.filter((n) => !BENCHMARKS[n]);
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; ${USAGE}`);
  const server = await scratchServer();
  const memo = new Map<string, Promise<unknown>>();
  const cleanups: Array<() => Promise<void>> = [];
  const ctx: BenchContext = {
    quick: args.has('quick'),
    subscribers,
    server,
    log: (m) => console.log(`  ${m}`),
    shared: <T>(key: string, make: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    },
    atEnd: (fn) => {
      cleanups.push(fn);
    },
  };
  const machine =
    `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
    `${server.embedded ? 'embedded PostgreSQL' : 'PostgreSQL at DATABASE_URL'}`;
  console.log(`bench: ${new Date().toISOString()}, ${machine}${ctx.quick ? ', QUICK mode (exercises the code; numbers mean little)' : ''}`);
  const results: Result[] = [];
  let failed = 0;
  try {
    for (const name of only) {
      const t0 = Date.now();
      console.log(`\n${name}:`);
      try {
        const rs = await BENCHMARKS[name](ctx);
        rs.forEach(printResult);
        results.push(...rs);
      } catch (e) {
        failed++;
        console.error(`  ${name} FAILED: ${e instanceof Error ? e.stack : e}`);
      }
      console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  } finally {
    for (const fn of cleanups) await fn().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    await server.stop();
  }
  console.log(`\n${resultsTable(results)}\n`);
  // Goals are reported, not enforced: a shared machine drifts. A benchmark that broke is an error.
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
