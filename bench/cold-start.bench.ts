import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { BenchContext } from './lib/context';
import { Result } from './lib/report';
import { procMemory, ROOT, startService } from './lib/service';

/**
 * `npm start` on the embedded default from nothing: a new data folder, so initdb, PostgreSQL
 * start, migrations, Nest, listen, and /health/ready answering 200. The baseline is the
 * embedded PostgreSQL alone (initdb + start) in the same run. `npm start` also builds first;
 * the TypeScript build is timed separately.
 */
export async function coldStart(ctx: BenchContext): Promise<Result[]> {
  const pgOnly = await timeEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'appeal-cold-'));
  let first, again;
  try {
    first = await timeServiceStart(dir);
    again = ctx.quick ? first : await timeServiceStart(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const build = ctx.quick ? NaN : await timeBuild();
  ctx.log(
    `cold start ${first.seconds.toFixed(1)} s (PostgreSQL alone ${pgOnly.toFixed(1)} s), restart ${again.seconds.toFixed(1)} s, node RSS ${first.rssMb.toFixed(0)} MB, with PostgreSQL ${first.treeMb.toFixed(0)} MB, build ${build.toFixed(1)} s`,
  );
  return [
    {
      bench: 'start-up, embedded default',
      case: 'first start to ready (initdb, migrations)',
      value: first.seconds,
      unit: 's',
      baseline: pgOnly,
      baselineLabel: 'embedded PostgreSQL alone',
      ratio: first.seconds / pgOnly,
      goal: '< 10 s',
      pass: first.seconds < 10,
      note: `restart ${again.seconds.toFixed(1)} s${Number.isNaN(build) ? '' : `; npm start adds a ${build.toFixed(1)} s build`}`,
    },
    {
      bench: 'start-up, embedded default',
      case: 'RSS of the service process at ready',
      value: first.rssMb,
      unit: 'MB',
      baseline: first.treeMb,
      baselineLabel: 'service + its PostgreSQL',
      ratio: first.rssMb / first.treeMb,
      goal: '< 250 MB',
      pass: first.rssMb < 250,
      note: `peak ${first.peakMb.toFixed(0)} MB`,
    },
  ];
}

async function timeEmbeddedPostgres(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'appeal-cold-pg-'));
  const t0 = performance.now();
  const pg = await startEmbeddedPostgres(join(dir, 'postgres'), { persistent: false });
  const seconds = (performance.now() - t0) / 1000;
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** The service with no DATABASE_URL on `dir`: an empty folder the first time, its cluster after. */
async function timeServiceStart(dir: string): Promise<{ seconds: number; rssMb: number; peakMb: number; treeMb: number }> {
  const t0 = performance.now();
  const svc = await startService({ DATA_DIR: dir, ADMIN_TOKEN: 'cold-start-admin-token-0123456789' });
  for (;;) {
    const res = await fetch(`${svc.url}/health/ready`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  const mem = svc.memory();
  const treeMb = treeRss(svc.child.pid!);
  const code = await svc.stop('SIGTERM');
  if (code !== 0) throw new Error(`service exited with ${code} on SIGTERM`);
  return { seconds, rssMb: mem.rssMb, peakMb: mem.peakMb, treeMb };
}

/** Resident memory of a process and all its descendants (the embedded PostgreSQL's processes). */
function treeRss(root: number): number {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      parent.set(Number(name), Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1]));
    } catch {
      /* exited */
    }
  }
  const inTree = (pid: number): boolean => pid === root || (parent.has(pid) && pid !== 1 && inTree(parent.get(pid)!));
  return [...parent.keys()].filter(inTree).reduce((mb, pid) => mb + (procMemory(pid).rssMb || 0), 0);
}

function timeBuild(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    tsc.on('error', reject);
    tsc.on('exit', () => resolve((performance.now() - t0) / 1000));
  });
}
