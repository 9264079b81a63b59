import { HttpException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';

/** Over a rate limit: 429 with Retry-After (set by the exception filters from retryAfterS). */
export class TooManyRequests extends HttpException {
  constructor(
    readonly retryAfterS: number,
    message = 'Too many requests: try again later',
  ) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** The limiter's store cannot be reached on a route that fails closed. */
export class LimiterUnavailable extends ServiceUnavailableException {
  readonly retryAfterS = 30;
  constructor() {
    super('Temporarily unavailable: please try again in a moment');
  }
}

/** Headers an error answer carries besides its body. */
export function errorHeaders(exception: unknown): Record<string, string> {
  if (exception instanceof TooManyRequests || exception instanceof LimiterUnavailable)
    return { 'retry-after': String(exception.retryAfterS) };
  return {};
}
