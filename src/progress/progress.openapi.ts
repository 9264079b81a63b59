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
  doc.paths['/api/appeals/{slug}/progress/stream'] = {
    get: {
      tags: ['appeals (public)'],
      summary: 'Server-Sent Events: the current progress at once, then one `progress` event per change',
      description: '`id:` is the totals version; a heartbeat comment every 20 s; `event: gone` when the appeal is unpublished.',
      parameters: [slugParam, { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }],
      responses: { 200: { description: 'event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 404: notFound },
    },
  } as never;
}
