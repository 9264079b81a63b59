import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

export const SECRET_KEY_FILE = 'secret-key';

/**
 * SECRET_KEY keys the digests of organiser tokens and sessions. With DATABASE_URL it must be
 * set (loadConfig refuses otherwise). With the embedded database (one instance, one machine)
 * a key is generated once and kept beside it under DATA_DIR: a dump or backup of the database
 * alone then does not allow guessing tokens offline.
 */
export function ensureSecretKey(config: AppConfig, embedded: boolean): void {
  if (config.SECRET_KEY || !embedded) return;
  const file = join(config.DATA_DIR, SECRET_KEY_FILE);
  try {
    config.SECRET_KEY = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(config.DATA_DIR, { recursive: true });
    // 'wx': if two processes race on the first start, the second fails instead of overwriting.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    config.SECRET_KEY = readFileSync(file, 'utf8').trim();
  }
  if (config.SECRET_KEY.length < 32) throw new Error(`${file} holds a key shorter than 32 characters`);
}
