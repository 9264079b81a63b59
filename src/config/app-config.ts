import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Every setting the service reads, validated before anything starts. Environment variables are
 * strings, so numbers and booleans are converted here, explicitly, and nowhere else.
 */
export class AppConfig {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer between 0 and 65535' })
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @Transform(emptyToUndefined)
  @IsOptional()
  HOST: string = '127.0.0.1';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://give.example.org' },
  )
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @MinLength(32, { message: 'ADMIN_TOKEN must be at least 32 characters: make one with `openssl rand -hex 24`' })
  ADMIN_TOKEN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, { message: 'STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…' })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  // Several secrets, comma-separated: rolling a secret, or two endpoints posting to one URL.
  @Matches(/^\s*whsec_[A-Za-z0-9_]+\s*(,\s*whsec_[A-Za-z0-9_]+\s*)*$/, {
    message: 'STRIPE_WEBHOOK_SECRET must look like whsec_… (several: whsec_…,whsec_…)',
  })
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'STRIPE_API_URL must be an http(s) URL such as http://127.0.0.1:12111' },
  )
  STRIPE_API_URL?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'DB_MIGRATE must be true or false' })
  DB_MIGRATE: boolean = true;

  @IsString()
  @MinLength(1)
  DATA_DIR: string = './.data';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL: string = 'info';

  @Transform(toInt)
  @IsInt({ message: 'BODY_LIMIT must be a number of bytes' })
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT: number = 64 * 1024;

  // Front door (README "Parsing, timeouts and streams"): how long a request may take to arrive,
  // and how many live progress streams one client address and the whole instance may hold.
  @Transform(toInt)
  @IsInt({ message: 'REQUEST_TIMEOUT_MS must be milliseconds (until a whole request has arrived)' })
  @Min(100)
  @Max(600_000)
  REQUEST_TIMEOUT_MS: number = 30_000;

  @Transform(toInt)
  @IsInt({ message: 'HEADERS_TIMEOUT_MS must be milliseconds (until the request headers have arrived)' })
  @Min(100)
  @Max(600_000)
  HEADERS_TIMEOUT_MS: number = 10_000;

  @Transform(toInt)
  @IsInt({ message: 'KEEP_ALIVE_TIMEOUT_MS must be milliseconds (idle time between requests on one connection)' })
  @Min(100)
  @Max(600_000)
  KEEP_ALIVE_TIMEOUT_MS: number = 72_000;

  @Transform(toInt)
  @IsInt({ message: 'STREAMS_PER_ADDRESS must be a positive integer (open progress streams per client address)' })
  @Min(1)
  STREAMS_PER_ADDRESS: number = 1000;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'STREAMS_MAX must be a positive integer (open progress streams per instance)' })
  @Min(1)
  STREAMS_MAX?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'CONNECTIONS_PER_ADDRESS must be an integer (open connections per client address; 0 = no cap)' })
  @Min(0)
  CONNECTIONS_PER_ADDRESS?: number;

  @Transform(toInt)
  @IsInt({ message: 'DONATION_MAX_AMOUNT must be an integer of minor units' })
  @Min(1)
  @Max(99_999_999)
  DONATION_MAX_AMOUNT: number = 99_999_999;

  @Transform(toInt)
  @IsInt({ message: 'CHECKOUT_RATE_LIMIT must be an integer (requests per minute per client)' })
  @Min(1)
  CHECKOUT_RATE_LIMIT: number = 20;

  @IsString()
  @Matches(/^(off|(\S+\s+){4,5}\S+)$/, { message: 'RECONCILE_CRON must be a cron expression or "off"' })
  RECONCILE_CRON: string = '*/30 * * * *';

  /** Loopback port of the Stripe sandbox's API in sandbox mode; absent or 0: any free port. */
  @Transform(toInt)
  @IsInt({ message: 'SANDBOX_PORT must be an integer between 0 and 65535' })
  @Min(0)
  @Max(65535)
  @IsOptional()
  SANDBOX_PORT?: number;

  // Security settings (README "Security"); TRUST_PROXY is checked by parseTrustProxy below.
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @MinLength(32, { message: 'SECRET_KEY must be at least 32 characters: make one with `openssl rand -hex 32`' })
  SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters: make one with `openssl rand -hex 24`' })
  METRICS_TOKEN?: string;

  /** Where invitation e-mails go out (nodemailer URL); absent: the owner copies the link from the answer or the Team page. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.org' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(3, { message: 'SMTP_FROM must be an address such as "Appeals <appeals@example.org>"' })
  SMTP_FROM?: string;

  @Transform(toInt)
  @IsInt({ message: 'SIGN_IN_RATE_LIMIT must be an integer (sign-in attempts per 15 minutes per client address)' })
  @Min(1)
  SIGN_IN_RATE_LIMIT: number = 10;

  @Transform(toInt)
  @IsInt({ message: 'API_RATE_LIMIT must be an integer (organiser API requests per minute per client address and per token)' })
  @Min(1)
  API_RATE_LIMIT: number = 600;

  @Transform(toInt)
  @IsInt({ message: 'API_AUTH_FAILURE_LIMIT must be an integer (refused organiser tokens per 15 minutes per client address)' })
  @Min(1)
  API_AUTH_FAILURE_LIMIT: number = 10;

  /** Where browsers reach this service; used in Stripe success/cancel URLs and embed snippets. */
  get publicBaseUrl(): string {
    const url = this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`;
    return url.replace(/\/+$/, '');
  }

  /** Every webhook signing secret configured; an event verifies if any of them signed it. */
  get webhookSecrets(): string[] {
    return (this.STRIPE_WEBHOOK_SECRET ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** No Stripe key configured: the offline sandbox stands in for Stripe. */
  get sandbox(): boolean {
    return !this.STRIPE_SECRET_KEY;
  }
}

export const CONFIG_KEYS = [
  'DATABASE_URL',
  'PORT',
  'HOST',
  'PUBLIC_BASE_URL',
  'ADMIN_TOKEN',
  'STRIPE_SECRET_KEY',
  'REQUEST_TIMEOUT_MS',
  'HEADERS_TIMEOUT_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'STREAMS_PER_ADDRESS',
  'STREAMS_MAX',
  'CONNECTIONS_PER_ADDRESS',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_URL',
  'DB_MIGRATE',
  'DATA_DIR',
  'LOG_LEVEL',
  'BODY_LIMIT',
  'DONATION_MAX_AMOUNT',
  'CHECKOUT_RATE_LIMIT',
  'RECONCILE_CRON',
  'SANDBOX_PORT',
  'TRUST_PROXY',
  'REDIS_URL',
  'SECRET_KEY',
  'METRICS_TOKEN',
  'SIGN_IN_RATE_LIMIT',
  'SMTP_URL',
  'SMTP_FROM',
  'API_RATE_LIMIT',
  'API_AUTH_FAILURE_LIMIT',
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    if (env[key] !== undefined) raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
  if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS (the headers are part of the request)');
  }
  if (config.STRIPE_SECRET_KEY && !config.STRIPE_WEBHOOK_SECRET) {
    problems.push('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set (Stripe dashboard > Webhooks > Signing secret)');
  }
  problems.push(...securityProblems(config));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function securityProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  try {
    parseTrustProxy(config.TRUST_PROXY);
  } catch (e) {
    problems.push((e as Error).message);
  }
  // An external database may serve several instances, which must share the key; and a key kept
  // in that same database would not protect anything if the database leaks.
  if (config.DATABASE_URL && !config.SECRET_KEY) {
    problems.push(
      'SECRET_KEY is required when DATABASE_URL is set (it keys the stored token digests): make one with `openssl rand -hex 32`',
    );
  }
  return problems;
}
