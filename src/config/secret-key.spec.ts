import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { ensureSecretKey, SECRET_KEY_FILE } from './secret-key';

describe('ensureSecretKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-key-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('with the embedded database, generates a key once under DATA_DIR (mode 600) and reuses it', () => {
    const first = loadConfig({ DATA_DIR: join(dir, 'data') });
    ensureSecretKey(first, true);
    expect(first.SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dir, 'data', SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: join(dir, 'data') });
    ensureSecretKey(second, true);
    expect(second.SECRET_KEY).toBe(first.SECRET_KEY);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.SECRET_KEY);
  });

  it('keeps a configured SECRET_KEY and writes nothing', () => {
    const c = loadConfig({ DATA_DIR: dir, SECRET_KEY: 'k'.repeat(40) });
    ensureSecretKey(c, true);
    expect(c.SECRET_KEY).toBe('k'.repeat(40));
    expect(() => statSync(join(dir, SECRET_KEY_FILE))).toThrow();
  });
});

describe('security settings', () => {
  it('refuses an ADMIN_TOKEN under 32 characters and says how to make one', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'x'.repeat(31) })).toThrow(/ADMIN_TOKEN must be at least 32 characters.*openssl rand -hex 24/);
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(32) }).ADMIN_TOKEN).toHaveLength(32);
  });

  it('requires SECRET_KEY with DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://h/db' })).toThrow(/SECRET_KEY is required when DATABASE_URL is set/);
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db', SECRET_KEY: 's'.repeat(32) }).SECRET_KEY).toHaveLength(32);
  });

  it.each([
    ['TRUST_PROXY', 'everything'],
    ['REDIS_URL', 'localhost:6379'],
    ['METRICS_TOKEN', 'short'],
    ['API_RATE_LIMIT', '0'],
    ['SIGN_IN_RATE_LIMIT', 'x'],
  ])('rejects %s=%s naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
