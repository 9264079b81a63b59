import { createHash, createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * What is stored for a secret value (an organiser token, a session cookie): HMAC-SHA256 under
 * SECRET_KEY of the value's SHA-256. Keyed, so a copy of the database alone does not allow
 * guessing tokens offline; deterministic, so a token is still found by one indexed lookup.
 * The inner SHA-256 is what rows held before keys were introduced, which lets those rows be
 * re-keyed in place (TokensService.rekeyLegacy) without anyone re-issuing a token.
 */
@Injectable()
export class TokenDigest {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    if (!config.SECRET_KEY) throw new Error('SECRET_KEY is not set (main.ts and the CLI set it before the app starts)');
    this.key = Buffer.from(config.SECRET_KEY, 'utf8');
  }

  of(secret: string): string {
    return this.ofSha256(sha256(secret));
  }

  ofSha256(sha256Hex: string): string {
    return createHmac('sha256', this.key).update(sha256Hex, 'utf8').digest('hex');
  }
}
