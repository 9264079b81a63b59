import { alternate } from './lib/cannon';
import { BenchContext, serviceEnv } from './lib/context';
import { Result } from './lib/report';
import { seedDonations } from './lib/seed';
import { RunningService, startService } from './lib/service';
import { exportAndMeasure } from './csv-export';

/** One database with appeals of 10, 10^2 and 10^6 donations (10^4 in quick mode), seeded once per run. */
async function seeded(ctx: BenchContext): Promise<{ url: string; big: number }> {
  return ctx.shared('seeded-ledger', async () => {
    const big = ctx.quick ? 10_000 : 1_000_000;
    const db = await ctx.server.database('bench_scale');
    ctx.atEnd(() => db.drop());
    const t0 = Date.now();
    await seedDonations(db.url, 'warm', 10);
    await seedDonations(db.url, 'small', 100);
    await seedDonations(db.url, 'big', big);
    ctx.log(`seeded 10 + 100 + ${big} donations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { url: db.url, big };
  });
}

async function withService<T>(url: string, fn: (svc: RunningService) => Promise<T>): Promise<T> {
  const svc = await startService(serviceEnv(url));
  try {
    return await fn(svc);
  } finally {
    await svc.stop();
  }
}

/**
 * Reads do not grow with the ledger: progress for an appeal with 10^2 donations and one with
 * 10^6, on the same service, in steady state and on the first (uncached) read.
 */
export async function ledgerScale(ctx: BenchContext): Promise<Result[]> {
  const { url, big } = await seeded(ctx);
  return withService(url, (svc) => progressBySize(ctx, svc, big));
}

/** CSV export of the 10^6 donations, in a fresh process so its peak RSS is the export's own. */
export async function csvExport(ctx: BenchContext): Promise<Result[]> {
  const { url, big } = await seeded(ctx);
  return withService(url, (svc) => exportAndMeasure(ctx, svc, url, big));
}

async function firstRead(svc: RunningService, slug: string): Promise<{ ms: number; donations: number }> {
  const t = performance.now();
  const res = await fetch(`${svc.url}/api/appeals/${slug}/progress`);
  if (res.status !== 200) throw new Error(`${slug}: ${res.status}`);
  const body = (await res.json()) as { donations: number };
  return { ms: performance.now() - t, donations: body.donations };
}

async function progressBySize(ctx: BenchContext, svc: RunningService, big: number): Promise<Result[]> {
  // The first load of all compiles the code path; the 'warm' appeal takes that cost.
  await firstRead(svc, 'warm');
  const coldSmall = await firstRead(svc, 'small');
  const coldBig = await firstRead(svc, 'big');
  if (coldBig.donations !== big || coldSmall.donations !== 100) throw new Error('progress does not show the seeded counts');
  const [rounds, seconds] = ctx.quick ? [1, 1] : [3, 2];
  const { a: bigRun, b: smallRun } = await alternate(`${svc.url}/api/appeals/big/progress`, `${svc.url}/api/appeals/small/progress`, 200, {
    connections: 50,
    seconds,
    rounds,
  });
  const [large, small] = [bigRun.rps, smallRun.rps];
  const label = `10^${Math.round(Math.log10(big))}`;
  ctx.log(
    `progress: 10^2 ${small.toFixed(0)} req/s, ${label} ${large.toFixed(0)} req/s; first read ${coldSmall.ms.toFixed(1)} / ${coldBig.ms.toFixed(1)} ms`,
  );
  const within = (r: number) => r >= 0.9 && r <= 1.1;
  return [
    {
      bench: 'ledger size',
      case: `progress read, ${label} vs 10^2 donations (50 connections)`,
      value: large,
      unit: 'req/s',
      baseline: small,
      baselineLabel: '10^2 donations',
      ratio: large / small,
      goal: 'within 10 %',
      pass: within(large / small),
    },
    {
      bench: 'ledger size',
      case: `first (uncached) progress read, ${label} vs 10^2`,
      value: coldBig.ms,
      unit: 'ms',
      baseline: coldSmall.ms,
      baselineLabel: '10^2 donations',
      ratio: coldBig.ms / coldSmall.ms,
      goal: 'reported',
      pass: true,
      note: 'one query on the totals row',
    },
  ];
}
