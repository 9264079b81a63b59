import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { browserBuildDir, readBrowserFile } from '../common/browser-build';
import type { ProgressEntry } from '../progress/progress-entry';
import { ProgressHttp } from '../progress/progress-http.service';
import { CachedBody, cachedBody, notFoundMessage, sendCached, sendJsonError } from '../progress/public-http';
import { BADGE_CSP, renderBadge } from './widget-badge';
import { optionsKey, parseWidgetOptions, WidgetOptions } from './widget-options';
import { NOT_FOUND_PAGE, renderWidgetPage } from './widget-page';
import { WIDGET_HEADERS } from './widget-headers';
import { ShareCardBusy, ShareCardRenderer } from './share-card-renderer';

export interface WidgetRoute {
  Params: { slug: string };
  Querystring: Record<string, unknown>;
}
type WidgetRequest = FastifyRequest<WidgetRoute>;

const EMBED_JS_HEADERS = {
  ...WIDGET_HEADERS,
  // Hosts load it on every article view; a new deploy is picked up within minutes.
  'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
};

const NOT_FOUND_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'public, max-age=5',
  'content-security-policy': "default-src 'none'; frame-ancestors *",
  'x-content-type-options': 'nosniff',
};

/** Locale from Accept-Language makes the answer vary by it; a locale in the query does not. */
function variantHeaders(opts: WidgetOptions, own: Record<string, string>): Record<string, string> {
  return { ...WIDGET_HEADERS, ...own, ...(opts.localeFixed ? {} : { vary: 'Accept-Language' }) };
}

function pageVariant(entry: ProgressEntry, opts: WidgetOptions): CachedBody {
  const page = renderWidgetPage(entry.view, opts);
  return cachedBody(
    entry.version,
    page.html,
    variantHeaders(opts, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp }),
  );
}

function badgeVariant(entry: ProgressEntry, opts: WidgetOptions): CachedBody {
  return cachedBody(
    entry.version,
    renderBadge(entry.view, opts),
    variantHeaders(opts, { 'content-type': 'image/svg+xml; charset=utf-8', 'content-security-policy': BADGE_CSP }),
  );
}

/** Renders are memoised on the progress entry, so they are rebuilt once per change and variant. */
@Injectable()
export class WidgetsHttp {
  /** src/browser/widget/embed.ts, bundled into one file by `npm run build`. */
  private readonly embedDir = join(browserBuildDir(), 'widgets');

  private readonly logger = new Logger(WidgetsHttp.name);

  constructor(
    private readonly progress: ProgressHttp,
    private readonly cards: ShareCardRenderer,
  ) {
    readBrowserFile('widgets', 'embed.js'); // a missing build stops start-up, not a host's page
  }

  page(req: WidgetRequest, reply: FastifyReply): void | Promise<void> {
    reply.raw.removeHeader('x-frame-options');
    return this.progress.withEntry(
      req.params.slug,
      reply,
      (entry) => {
        const opts = parseWidgetOptions(req.query, req.headers['accept-language']);
        sendCached(
          req,
          reply,
          entry.memoize(`page|${optionsKey(opts)}`, () => pageVariant(entry, opts)),
        );
      },
      () => {
        reply.code(404).headers(NOT_FOUND_HEADERS).send(NOT_FOUND_PAGE);
      },
    );
  }

  badge(req: WidgetRequest, reply: FastifyReply): void | Promise<void> {
    return this.progress.withEntry(
      req.params.slug,
      reply,
      (entry) => {
        const opts = parseWidgetOptions(req.query, req.headers['accept-language']);
        sendCached(
          req,
          reply,
          entry.memoize(`svg|${optionsKey(opts)}`, () => badgeVariant(entry, opts)),
        );
      },
      () => sendJsonError(reply, 404, notFoundMessage(req.params.slug)),
    );
  }

  /**
   * The share card (og:image). Social crawlers send no useful Accept-Language, so the card
   * follows only `?locale=` (default en-US, the donate page's own) and needs no Vary.
   */
  card(req: WidgetRequest, reply: FastifyReply): void | Promise<void> {
    return this.progress.withEntry(
      req.params.slug,
      reply,
      (entry) => {
        const locale = parseWidgetOptions({ locale: req.query.locale }).locale;
        let card: CachedBody | Promise<CachedBody>;
        try {
          card = this.cards.card(entry, locale);
        } catch (e) {
          if (!(e instanceof ShareCardBusy)) throw e;
          return sendJsonError(reply.header('retry-after', '1'), 503, 'Too many share cards are being drawn; try again in a moment');
        }
        if (!(card instanceof Promise)) return sendCached(req, reply, card);
        return card.then(
          (body) => sendCached(req, reply, body),
          (e: unknown) => {
            this.logger.error(`rendering the share card of "${req.params.slug}" failed: ${String(e)}`);
            sendJsonError(reply, 503, 'The share card is temporarily unavailable');
          },
        );
      },
      () => sendJsonError(reply, 404, notFoundMessage(req.params.slug)),
    );
  }

  /** @fastify/static's sendFile: ETag, 304 on If-None-Match, HEAD; the headers are ours. */
  embed(reply: FastifyReply): FastifyReply {
    return reply.headers(EMBED_JS_HEADERS).sendFile('embed.js', this.embedDir, { cacheControl: false });
  }
}
