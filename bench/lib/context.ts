import { ScratchServer } from './database';

export const WEBHOOK_SECRET = 'whsec_bench_harness_0123456789';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const SECRET_KEY = 'bench-secret-key-0123456789abcdef0123456789';

export interface BenchContext {
  quick: boolean;
  /** `--subscribers N` for the SSE fan-out (default 1,000; 100 in quick mode). */
  subscribers?: number;
  server: ScratchServer;
  log(message: string): void;
  /** Something expensive that several benchmarks use (a seeded database), made once per run. */
  shared<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Runs when every benchmark is done. */
  atEnd(fn: () => Promise<void>): void;
}

/** The environment every benchmarked service runs with: the harness signs with this secret. */
export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  // The harness seeds and reads through the organiser API from one address: limits out of the way.
  return {
    DATABASE_URL: databaseUrl,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ADMIN_TOKEN,
    SECRET_KEY,
    DB_MIGRATE: 'false',
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '1000000',
    CHECKOUT_RATE_LIMIT: '1000000',
    ...extra,
  };
}
