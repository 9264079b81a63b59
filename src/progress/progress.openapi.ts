import type { OpenAPIObject } from '@nestjs/swagger';

const slugParam = {
  name: 'slug',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' },
} as const;

const progressSchema = {
  type: 'object',
  description: 'Public progress; amounts are integers in the minor unit of `currency`. No donor data.',
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    currency: { type: 'string', example: 'usd' },
    target: { type: 'integer', example: 1000000 },
    raised: { type: 'integer', example: 875000 },
    donations: { type: 'integer' },
    donors: { type: 'integer' },
    monthlyDonors: { type: 'integer', description: 'monthly gifts giving now (active, or past due while a payment is retried)' },
    monthlyAmount: {
      type: 'integer',
      description: "what those monthly gifts give each month, in the appeal's currency (plans in another currency are left out)",
    },
    countries: { type: 'integer', description: 'distinct countries (ISO 3166-1) of the counted gifts' },
    percent: { type: 'integer', description: 'rounded down; may exceed 100' },
    status: { type: 'string', enum: ['active', 'closed'] },
    startsAt: { type: 'string', format: 'date-time', nullable: true },
    endsAt: { type: 'string', format: 'date-time', nullable: true },
    stretchTargets: { type: 'array', items: { type: 'integer' } },
    nextTarget: { type: 'integer', nullable: true, description: 'the next stretch target once the target is passed' },
    version: { type: 'integer', description: 'totals version: the SSE event id' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const supporterSchema = {
  type: 'object',
  description: 'A counted gift on the public wall. Never an e-mail or a note.',
  properties: {
    id: { type: 'string', description: 'stable public id of the gift (a digest of its internal id, which public answers never carry)' },
    name: { type: 'string', nullable: true, description: 'null unless the donor chose to be shown (shown as "Anonymous")' },
    message: { type: 'string', nullable: true },
    amount: { type: 'integer', nullable: true, description: 'what the appeal keeps, minor units; null when the appeal hides amounts' },
    currency: { type: 'string' },
    country: { type: 'string', nullable: true, description: 'ISO 3166-1 alpha-2, only beside a name' },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

const notFound = { description: 'unknown or draft appeal: `{statusCode, error, message}`' };

/**
 * The progress routes are registered on Fastify directly (progress.routes.ts), so Nest's
 * scanner does not see them; their contract is described here instead.
 */
export function documentProgressRoutes(doc: OpenAPIObject): void {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Progress: progressSchema as never } };
  const cachedRead = (summary: string) => ({
    tags: ['appeals (public)'],
    summary,
    parameters: [slugParam, { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }],
    responses: {
      200: {
        description: 'progress; `Cache-Control: public, max-age=5, stale-while-revalidate=30`',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Progress' } } },
      },
      304: { description: 'not modified' },
      404: notFound,
    },
  });
  doc.paths['/api/appeals/{slug}/progress'] = { get: cachedRead('Live progress of an appeal (cached; ETag / If-None-Match)') } as never;
  // PATCH on the same path is a Nest controller (organisers), documented by the scanner.
  doc.paths['/api/appeals/{slug}'] = {
    ...doc.paths['/api/appeals/{slug}'],
    get: cachedRead("An appeal's public face: the same bytes as its progress"),
  } as never;
  doc.paths['/api/appeals/{slug}/supporters'] = {
    get: {
      tags: ['appeals (public)'],
      summary: 'The supporters wall: counted gifts, newest first, keyset-paginated',
      description:
        'A gift leaves the wall when it is fully refunded or a dispute withdrew its money. `Cache-Control: public, no-cache` with an ETag, so a hide takes effect at once.',
      parameters: [
        slugParam,
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'nextCursor of the previous page' },
        { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        200: {
          description: 'one page',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { supporters: { type: 'array', items: supporterSchema }, nextCursor: { type: 'string', nullable: true } },
              },
            },
          },
        },
        304: { description: 'not modified' },
        400: { description: 'bad limit or cursor: `{statusCode, error, message}` naming it' },
        404: notFound,
      },
    },
  } as never;
  doc.paths['/api/appeals/{slug}/progress/stream'] = {
    get: {
      tags: ['appeals (public)'],
      summary: 'Server-Sent Events: the current progress at once, then one `progress` event per change',
      description:
        '`id:` is the totals version; a heartbeat comment every 20 s; `event: gone` when the appeal is unpublished. ' +
        '`event: supporters` (no id) carries the first page of the supporters wall (`{supporters, nextCursor}`, as GET /supporters) ' +
        'on connect and whenever it changes: a new gift, a refund, a hide. Clients that listen only for `progress` never see it.',
      parameters: [slugParam, { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }],
      responses: { 200: { description: 'event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 404: notFound },
    },
  } as never;
}
