import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/db';
import { CLI, MAIN, run, startService } from '../support/process';
import { waitFor } from '../support/wait';

const ADMIN = 'process-test-admin-token-0123456789';

describe('the service as a process', () => {
  it('refuses to start on a malformed setting, naming the variable, before listening', async () => {
    const { code, out } = await run([MAIN], { PORT: 'abc', DB_MIGRATE: 'perhaps' });
    expect(code).toBe(78);
    expect(out).toContain('PORT');
    expect(out).toContain('DB_MIGRATE');
    expect(out).not.toContain('listening on');
  });

  it('starts on the embedded PostgreSQL, keeps data across a restart and stops it cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'appeal-embedded-'));
    try {
      const env = { DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN };
      const first = await startService(env, 60_000);
      expect(first.output()).toContain('Embedded PostgreSQL running');
      const created = await request(first.url, 'POST', '/api/appeals', {
        token: ADMIN,
        body: { slug: 'kept', title: 'Kept', currency: 'eur', target: 5000, status: 'active' },
      });
      expect(created.status).toBe(201);
      expect(await first.stop('SIGTERM')).toBe(0);
      // A clean PostgreSQL shutdown removes its pid file.
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

      const second = await startService(env, 60_000);
      const read = await request(second.url, 'GET', '/api/appeals/kept', { token: null });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ slug: 'kept', currency: 'eur', target: 5000 });
      expect(await second.stop('SIGINT')).toBe(0);
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ empty: true });
    });
    afterAll(async () => {
      await db.drop();
    });

    it('migrates an empty database at start, and accepts a token made by the CLI', async () => {
      const svc = await startService({ DATABASE_URL: db.url });
      try {
        expect(svc.output()).toContain('Migrations applied');
        const made = await run([CLI, 'token', 'create', 'treasurer'], { DATABASE_URL: db.url });
        expect(made.code).toBe(0);
        const token = /org_[\w-]+/.exec(made.out)?.[0];
        expect(token).toBeDefined();
        expect((await request(svc.url, 'GET', '/api/appeals', { token })).status).toBe(200);
        expect((await request(svc.url, 'GET', '/api/appeals', { token: 'org_guess' })).status).toBe(401);
        const revoked = await run([CLI, 'token', 'revoke', 'treasurer'], { DATABASE_URL: db.url });
        expect(revoked.code).toBe(0);
        expect((await request(svc.url, 'GET', '/api/appeals', { token })).status).toBe(401);
      } finally {
        await svc.stop();
      }
    }, 60_000);
  });

  describe('request logs', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db.drop();
    });

    it('logs each API request once as a JSON line with its request id and no credentials; the hot public reads are not logged', async () => {
      const svc = await startService({ DATABASE_URL: db.url, DB_MIGRATE: 'false', ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'info' });
      try {
        const created = await request(svc.url, 'POST', '/api/appeals', {
          token: ADMIN,
          headers: { 'x-request-id': 'trace-create-1' },
          body: { slug: 'logged', title: 'Logged', currency: 'usd', target: 5000, status: 'active' },
        });
        expect(created.status).toBe(201);
        expect(created.headers.get('x-request-id')).toBe('trace-create-1');
        for (const path of [
          '/api/appeals/logged/progress',
          '/api/appeals/logged',
          '/widgets/logged.svg',
          '/widgets/logged',
          '/health/ready',
        ]) {
          expect((await request(svc.url, 'GET', path, { token: null, headers: { 'x-request-id': 'trace-hot' } })).status).toBe(200);
        }
        const refused = await request(svc.url, 'GET', '/api/appeals', {
          token: 'org_wrong',
          headers: { 'x-request-id': 'bad id with spaces' },
        });
        expect(refused.status).toBe(401);
        const givenId = refused.headers.get('x-request-id');
        expect(givenId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
        // Each line is written, in order, when its response finishes. A last request's line
        // therefore comes after every line the requests above will ever write, wrong extra ones included.
        expect(
          (await request(svc.url, 'GET', '/api/appeals/logged/donations', { token: ADMIN, headers: { 'x-request-id': 'trace-last' } }))
            .status,
        ).toBe(200);
        const logged = () =>
          svc
            .output()
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as Record<string, any>)
            .filter((l) => l.msg === 'request completed' || l.msg === 'request errored');
        await waitFor(() => logged().some((l) => l.req?.id === 'trace-last'), 5000, 'the last request to be logged');
        const requests = logged();
        const create = requests.filter((l) => l.req?.id === 'trace-create-1');
        expect(create).toHaveLength(1);
        expect(create[0]).toMatchObject({ level: 30, req: { method: 'POST', url: '/api/appeals' }, res: { statusCode: 201 } });
        expect(requests.filter((l) => l.req?.id === 'trace-hot')).toEqual([]);
        // A malformed X-Request-Id is replaced by a UUID; a 4xx is a warning.
        const denied = requests.find((l) => l.req?.url === '/api/appeals' && l.req?.method === 'GET');
        expect(denied).toMatchObject({ level: 40, res: { statusCode: 401 } });
        expect(denied!.req.id).toBe(givenId);
        expect(svc.output()).not.toContain(ADMIN);
        expect(svc.output()).not.toContain('org_wrong');
      } finally {
        await svc.stop();
      }
    }, 60_000);
  });
});
