import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port';

export const ROOT = join(__dirname, '..', '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/** Node's flags from `npm run start:prod` (the heap limit), so the harness runs what users run. */
export const NODE_FLAGS: string[] = (() => {
  const script =
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'] ?? '';
  return (
    /\bnode\s+(.*?)\s*dist\/src\/main\.js/
      .exec(script)?.[1]
      .split(/\s+/)
      .filter((f) => f.startsWith('--')) ?? []
  );
})();

export interface RunningService {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resident memory now and at its peak (VmHWM), in MiB; NaN where /proc is missing. */
  memory(): { rssMb: number; peakMb: number };
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The built service as a child process, exactly as `npm run start:prod` runs it, so it can be
 * killed with SIGKILL and measured from outside. Resolves once it prints its "listening on" line.
 */
export async function startService(
  env: Record<string, string>,
  opts: { port?: number; timeoutMs?: number; fdLimit?: boolean } = {},
): Promise<RunningService> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm run build)`);
  const port = opts.port ?? (await freePort());
  // Only what is given: a DATABASE_URL in the harness's own environment must not leak in.
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    LOG_LEVEL: 'warn',
    RECONCILE_CRON: 'off',
    SANDBOX_PORT: '0',
  };
  const svc = await startNode(
    'the service',
    [...NODE_FLAGS, MAIN],
    { ...base, ...env, PORT: String(port) },
    opts.timeoutMs ?? 60_000,
    opts.fdLimit,
  );
  return { ...svc, url: `http://127.0.0.1:${port}`, port };
}

/** A baseline server: bare-server.ts (recorded responses) or bare-sse-server.ts (fan-out). */
export async function startBareServer(
  script: 'bare-server' | 'bare-sse-server',
  arg: string,
  opts: { fdLimit?: boolean } = {},
): Promise<RunningService> {
  const svc = await startNode(script, [join(__dirname, `${script}.js`), arg], { PATH: process.env.PATH ?? '' }, 10_000, opts.fdLimit);
  const port = Number(/listening on (\d+)/.exec(svc.output())![1]);
  return { ...svc, url: `http://127.0.0.1:${port}`, port };
}

/** hostile-senders.ts in its own process; stop() it and read the answers it counted from output(). */
export function startHostileSenders(
  url: string,
  bytes: number,
  clients: number,
  paths: string[],
): Promise<Omit<RunningService, 'url' | 'port'>> {
  return startNode(
    'hostile senders',
    [join(__dirname, 'hostile-senders.js'), url, String(bytes), String(clients), ...paths],
    { PATH: process.env.PATH ?? '' },
    10_000,
  );
}

/**
 * `fdLimit`: start the process with its open-file limit raised to the hard limit (`ulimit -n`),
 * for benchmarks holding thousands of sockets where the soft limit is often 1,024.
 */
async function startNode(
  label: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  fdLimit = false,
): Promise<Omit<RunningService, 'url' | 'port'>> {
  const child = fdLimit
    ? spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', process.execPath, ...args], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    memory: () => procMemory(child.pid),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function procMemory(pid: number | undefined): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}
