import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { readSupporters } from '../donations/supporters';
import { ProgressHttp } from './progress-http.service';
import { notFoundMessage, sendCached, sendJsonError } from './public-http';
import { SupportersFeed, WALL_PAGE, wallBody } from './supporters-feed.service';

export const WALL_MAX_LIMIT = 100;

type WallRequest = FastifyRequest<{ Params: { slug: string }; Querystring: Record<string, unknown> }>;

/** limit and cursor from the query string, or the problems with them (each named). */
export function wallQuery(q: Record<string, unknown>): { limit: number; cursor?: string } | { problems: string[] } {
  const problems: string[] = [];
  let limit = WALL_PAGE;
  if (q.limit !== undefined) {
    if (typeof q.limit === 'string' && /^\d{1,4}$/.test(q.limit) && +q.limit >= 1 && +q.limit <= WALL_MAX_LIMIT) limit = +q.limit;
    else problems.push(`limit must be an integer between 1 and ${WALL_MAX_LIMIT}`);
  }
  const cursor = q.cursor;
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length < 1 || cursor.length > 200)) {
    problems.push('cursor must be the nextCursor of a previous page');
  }
  return problems.length ? { problems } : { limit, cursor: cursor as string | undefined };
}

/**
 * GET /api/appeals/:slug/supporters: the public wall. The default first page (what widgets ask
 * for) comes from SupportersFeed, read once per change; other pages are one indexed query each.
 */
@Injectable()
export class SupportersHttp {
  private readonly logger = new Logger(SupportersHttp.name);

  constructor(
    private readonly progress: ProgressHttp,
    private readonly feed: SupportersFeed,
    private readonly ds: DataSource,
  ) {}

  send(req: WallRequest, reply: FastifyReply): void | Promise<void> {
    const { slug } = req.params;
    const q = wallQuery(req.query ?? {});
    if ('problems' in q) return sendJsonError(reply, 400, q.problems);
    return this.progress.withEntry(
      slug,
      reply,
      (entry) =>
        this.page(entry.appealId, q.limit, q.cursor).then(
          (body) => sendCached(req, reply, body),
          (e: unknown) => {
            if (e instanceof DomainError && e.kind === 'invalid') return sendJsonError(reply, 400, e.details);
            this.logger.error(`reading supporters of "${slug}" failed: ${String(e)}`);
            sendJsonError(reply, 503, 'Supporters are temporarily unavailable');
          },
        ),
      () => sendJsonError(reply, 404, notFoundMessage(slug)),
    );
  }

  private async page(appealId: string, limit: number, cursor?: string) {
    if (!cursor && limit === WALL_PAGE) return (await this.feed.latest(appealId)).body;
    return wallBody(await readSupporters(this.ds, appealId, limit, cursor));
  }
}
