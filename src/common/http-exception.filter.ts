import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DOMAIN_ERROR_STATUS, DomainError } from './domain-error';
import { errorHeaders } from './too-many-requests';

interface ReplyLike {
  sent?: boolean;
  code(status: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

/** Every error leaves as `{statusCode, error, message}`; only real server faults are 5xx. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = DOMAIN_ERROR_STATUS[exception.kind];
    const message = exception.details.length > 1 ? exception.details : exception.message;
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code: exception.code };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const res = exception.getResponse();
    const message = typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? exception.message);
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
  // Fastify's own client errors (bad JSON, body too large, wrong content type) carry a 4xx.
  const fastify = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return {
      statusCode: fastify.statusCode,
      error: STATUS_CODES[fastify.statusCode] ?? 'Error',
      message: fastify.message ?? 'Bad request',
      code: fastify.code,
    };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (host.getType() !== 'http') return;
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    if (reply.sent) return;
    for (const [name, value] of Object.entries(errorHeaders(exception))) reply.header(name, value);
    reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
