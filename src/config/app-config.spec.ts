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
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['ADMIN_TOKEN', 'short'],
    ['STRIPE_SECRET_KEY', 'pk_test_123'],
    ['STRIPE_WEBHOOK_SECRET', 'secret'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_a,'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_a,secret'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_a;whsec_b'],
    ['STRIPE_API_URL', 'localhost:12111'],
    ['DB_MIGRATE', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['RECONCILE_CRON', 'hourly'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(name);
  });

  it('bounds the front door by default: timeouts and stream caps', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      BODY_LIMIT: 65536,
      REQUEST_TIMEOUT_MS: 30_000,
      HEADERS_TIMEOUT_MS: 10_000,
      KEEP_ALIVE_TIMEOUT_MS: 72_000,
      STREAMS_PER_ADDRESS: 1000,
    });
    // Absent: sized from the open-file limit when the streams service starts.
    expect(c.STREAMS_MAX).toBeUndefined();
    expect(loadConfig({ STREAMS_MAX: '5000' }).STREAMS_MAX).toBe(5000);
  });

  it.each([
    ['REQUEST_TIMEOUT_MS', '0'],
    ['HEADERS_TIMEOUT_MS', '1.5'],
    ['KEEP_ALIVE_TIMEOUT_MS', 'forever'],
    ['STREAMS_PER_ADDRESS', '0'],
    ['STREAMS_MAX', '-1'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS/,
    );
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
