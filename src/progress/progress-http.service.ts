import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProgressCache } from './progress-cache.service';
import type { ProgressEntry } from './progress-entry';
import { notFoundMessage, sendCached, sendJsonError } from './public-http';

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

/**
 * The public read path shared by the progress routes, the public appeal route and the widgets:
 * find the appeal's entry (a map lookup in the steady state), treat drafts as absent, and turn
 * a database failure on a cold miss into a 503 rather than a 500.
 */
@Injectable()
export class ProgressHttp {
  private readonly logger = new Logger(ProgressHttp.name);

  constructor(readonly cache: ProgressCache) {}

  /** Calls `found` with the visible entry or `missing` when there is none; sync on a hit. */
  withEntry(slug: string, reply: FastifyReply, found: (entry: ProgressEntry) => void, missing: () => void): void | Promise<void> {
    const hit = this.cache.peek(slug);
    if (hit) return hit.visible ? found(hit) : missing();
    return this.cache.get(slug).then(
      (entry) => (entry?.visible ? found(entry) : missing()),
      (e) => {
        this.logger.error(`loading progress for "${slug}" failed: ${String(e)}`);
        sendJsonError(reply, 503, 'Progress is temporarily unavailable');
      },
    );
  }

  /** GET /api/appeals/:slug/progress and GET /api/appeals/:slug. */
  sendJson(req: SlugRequest, reply: FastifyReply): void | Promise<void> {
    const { slug } = req.params;
    const hit = this.cache.peek(slug);
    // The steady state, without the closures below: this runs for every reader of every article.
    if (hit?.visible) return sendCached(req, reply, hit.json);
    return this.withEntry(
      slug,
      reply,
      (entry) => sendCached(req, reply, entry.json),
      () => sendJsonError(reply, 404, notFoundMessage(slug)),
    );
  }
}
