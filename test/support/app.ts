import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { createTestDatabase, TestDatabase } from './db';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';
export const METRICS_TOKEN = 'test-metrics-token-0123456789';
/**
 * Suites make many organiser requests from one address; the tests of the limits themselves
 * pass their own (small) values or rely on the defaults through the process tests.
 */
const GENEROUS_LIMITS = { SIGN_IN_RATE_LIMIT: '100000', API_RATE_LIMIT: '1000000', API_AUTH_FAILURE_LIMIT: '100000' };

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  db: TestDatabase;
  ds: DataSource;
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string | null; headers?: Record<string, string>; raw?: string },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** A real app on a real port, on its own database cloned from the migrated template. */
export async function startTestApp(env: Record<string, string> = {}, db?: TestDatabase): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  const config = loadConfig({
    ADMIN_TOKEN,
    SECRET_KEY,
    METRICS_TOKEN,
    ...GENEROUS_LIMITS,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RECONCILE_CRON: 'off',
    PORT: '0',
    ...env,
  });
  const app = await createApp({ config, databaseUrl: database.url });
  // A fixed PORT lets PUBLIC_BASE_URL name the real address (browser tests follow Stripe's redirects).
  await app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const ds = app.get(DataSource);
  return {
    app,
    url,
    db: database,
    ds,
    request: (method, path, opts = {}) => request(url, method, path, opts),
    close: async () => {
      await app.close();
      if (!db) await database.drop();
    },
  };
}

export async function request(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string | null; headers?: Record<string, string>; raw?: string } = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
  }
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  let body: any = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body, text };
}
