import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { LimiterUnavailable, TooManyRequests } from '../common/too-many-requests';
import { Policy, PolicyName, ratePolicies } from './rate-limit-policies';

/** Created by migration 1795824000000-CreateRateLimits (tableCreated: true, no DDL at run time). */
export const RATE_LIMITS_TABLE = 'rate_limits';

/**
 * Counters shared by every instance: in Redis when REDIS_URL is set, otherwise in PostgreSQL
 * (the app's own pool). rate-limiter-flexible does the counting; this class only maps its
 * answers to 429 (over the limit) and, on routes that fail closed, 503 (store unreachable).
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis: Redis | null;
  private readonly policies: Record<PolicyName, Policy>;
  private readonly limiters: Record<PolicyName, RateLimiterAbstract>;

  constructor(config: AppConfig, ds: DataSource) {
    this.policies = ratePolicies(config);
    this.redis = config.REDIS_URL ? this.connectRedis(config.REDIS_URL) : null;
    const entries = Object.entries(this.policies).map(([name, p], i) => [name, this.limiter(name, p, ds, i === 0)]);
    this.limiters = Object.fromEntries(entries) as Record<PolicyName, RateLimiterAbstract>;
  }

  /** Counts one request under `key`; throws TooManyRequests over the limit. */
  async consume(name: PolicyName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (e) {
      throw this.refusal(name, e);
    }
  }

  /** Throws TooManyRequests when `key` has already used its budget, without counting. */
  async assertOpen(name: PolicyName, key: string): Promise<void> {
    let res: RateLimiterRes | null;
    try {
      res = await this.limiters[name].get(key);
    } catch (e) {
      throw this.refusal(name, e);
    }
    if (res && res.consumedPoints >= this.policies[name].points) throw this.tooMany(name, res);
  }

  async onApplicationShutdown(): Promise<void> {
    // disconnect(), not quit(): quit is a command, refused while Redis is unreachable, and the
    // client would then keep reconnecting (and the process alive) forever.
    this.redis?.disconnect();
  }

  private refusal(name: PolicyName, e: unknown): Error {
    if (e instanceof RateLimiterRes) return this.tooMany(name, e);
    // Only reached on 'refuse' routes: the others have an insurance limiter that answers instead.
    this.logger.warn(`rate limiter store unavailable for ${name}: ${e instanceof Error ? e.message : e}`);
    return new LimiterUnavailable();
  }

  private tooMany(name: PolicyName, res: RateLimiterRes): TooManyRequests {
    return new TooManyRequests(Math.max(1, Math.ceil(res.msBeforeNext / 1000)), this.policies[name].message);
  }

  private limiter(name: string, p: Policy, ds: DataSource, sweeper: boolean): RateLimiterAbstract {
    const common = { keyPrefix: name, points: p.points, duration: p.durationS, blockDuration: p.blockS ?? 0 };
    const insuranceLimiter = p.storeDown === 'memory' ? new RateLimiterMemory(common) : undefined;
    if (this.redis) {
      return new RateLimiterRedis({
        ...common,
        keyPrefix: `rl:${name}`,
        storeClient: this.redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter,
      });
    }
    // One table for every limiter (keys carry the prefix); one of them sweeps expired rows.
    return new RateLimiterPostgres({
      ...common,
      storeClient: ds,
      storeType: 'typeorm',
      tableName: RATE_LIMITS_TABLE,
      tableCreated: true,
      clearExpiredByTimeout: sweeper,
      insuranceLimiter,
    });
  }

  private connectRedis(url: string): Redis {
    // No offline queue: while Redis is down a command fails at once (and the route's
    // store-down mode applies) instead of waiting for a reconnect.
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    let down = false;
    redis.on('error', (e: Error) => {
      if (!down) {
        down = true;
        this.logger.warn(`Redis unavailable (${e.message}); rate limits use their store-down mode`);
      }
    });
    redis.on('ready', () => {
      if (down) this.logger.log('Redis reachable again');
      down = false;
    });
    return redis;
  }
}
