import { MAIN, run } from '../support/process';

describe('security settings at start-up', () => {
  it('refuses an ADMIN_TOKEN shorter than 32 characters, saying how to make one, before listening', async () => {
    const { code, out } = await run([MAIN], { ADMIN_TOKEN: 'sixteen-chars-ok', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(code).toBe(78);
    expect(out).toContain('ADMIN_TOKEN must be at least 32 characters');
    expect(out).toContain('openssl rand -hex 24');
    expect(out).not.toContain('listening on');
  });

  it('requires SECRET_KEY with DATABASE_URL and refuses TRUST_PROXY=true', async () => {
    const { code, out } = await run([MAIN], { SECRET_KEY: '', TRUST_PROXY: 'true', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(code).toBe(78);
    expect(out).toContain('SECRET_KEY is required when DATABASE_URL is set');
    expect(out).toMatch(/TRUST_PROXY=true would trust any X-Forwarded-For/);
  });
});
