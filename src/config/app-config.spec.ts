import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DB_MIGRATE: true, DATA_DIR: './.data' });
    expect(c.sandbox).toBe(true);
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('converts numbers and booleans from strings', () => {
    const c = loadConfig({ PORT: '8080', DB_MIGRATE: 'false', PUBLIC_BASE_URL: 'https://give.example.org/' });
    expect(c.PORT).toBe(8080);
    expect(c.DB_MIGRATE).toBe(false);
    expect(c.publicBaseUrl).toBe('https://give.example.org');
  });

  it.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['DATABASE_URL', 'mysql://x'], ['PUBLIC_BASE_URL', 'not a url'],
    ['ADMIN_TOKEN', 'short'], ['STRIPE_SECRET_KEY', 'pk_test_123'], ['STRIPE_WEBHOOK_SECRET', 'secret'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_a,'], ['STRIPE_WEBHOOK_SECRET', 'whsec_a,secret'], ['STRIPE_WEBHOOK_SECRET', 'whsec_a;whsec_b'],
    ['STRIPE_API_URL', 'localhost:12111'], ['DB_MIGRATE', 'maybe'], ['LOG_LEVEL', 'loud'], ['RECONCILE_CRON', 'hourly'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    let err: unknown;
    try { loadConfig({ [name]: value }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(name);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', DB_MIGRATE: 'y' })).toThrow(/PORT[\s\S]*DB_MIGRATE/);
  });

  it('takes several webhook secrets, comma-separated', () => {
    expect(loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_old, whsec_new' }).webhookSecrets).toEqual(['whsec_old', 'whsec_new']);
    expect(loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_one' }).webhookSecrets).toEqual(['whsec_one']);
    expect(loadConfig({}).webhookSecrets).toEqual([]);
  });

  it('requires the webhook secret when a Stripe key is set', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }).sandbox).toBe(false);
  });
});
