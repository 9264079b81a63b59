import { TokensService } from '../../src/auth/tokens.service';
import { startTestApp, TestApp } from '../support/app';

describe('organiser auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['no header', null, undefined],
    ['a wrong token', 'wrong-token-wrong-token', undefined],
    ['a Basic header', null, { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['an empty bearer', null, { authorization: 'Bearer ' }],
  ])('answers 401 with no data for %s', async (_n, token, headers) => {
    for (const [method, path] of [
      ['GET', '/api/appeals'],
      ['POST', '/api/appeals'],
      ['PATCH', '/api/appeals/x'],
    ] as const) {
      const res = await t.request(method, path, { token, headers, body: method === 'GET' ? undefined : { slug: 'a' } });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(res.body).not.toHaveProperty('0');
    }
  });

  it('accepts a CLI-created token, stores only its hash, and refuses it once revoked', async () => {
    const tokens = t.app.get(TokensService);
    const { token } = await tokens.create('treasurer');
    expect(token).toMatch(/^org_/);
    const stored = await t.ds.query('SELECT token_hash FROM organiser_tokens WHERE name = $1', ['treasurer']);
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].token_hash).toHaveLength(64);
    expect((await t.request('GET', '/api/appeals', { token })).status).toBe(200);
    expect(await tokens.revoke('treasurer')).toBe(1);
    expect((await t.request('GET', '/api/appeals', { token })).status).toBe(401);
  });

  it('accepts ADMIN_TOKEN', async () => {
    expect((await t.request('GET', '/api/appeals')).status).toBe(200);
  });
});
