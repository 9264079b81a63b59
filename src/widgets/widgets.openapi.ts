import type { OpenAPIObject } from '@nestjs/swagger';

const slug = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } } as const;
const options = [
  { name: 'theme', in: 'query', required: false, schema: { type: 'string', enum: ['auto', 'light', 'dark'] } },
  { name: 'accent', in: 'query', required: false, schema: { type: 'string', example: 'ff6600' } },
  { name: 'locale', in: 'query', required: false, schema: { type: 'string', example: 'de-DE' }, description: 'default: Accept-Language' },
] as const;

/** Widget routes live on Fastify directly (widgets.routes.ts); described here for /docs. */
export function documentWidgetRoutes(doc: OpenAPIObject): void {
  const tags = ['widgets'];
  doc.paths['/widgets/{slug}'] = {
    get: {
      tags,
      summary: 'Live progress widget page for an <iframe> (framable anywhere)',
      parameters: [slug, ...options],
      responses: {
        200: { description: 'HTML', content: { 'text/html': {} } },
        304: { description: 'not modified' },
        404: { description: 'unknown or draft appeal' },
      },
    },
  } as never;
  doc.paths['/widgets/{slug}.svg'] = {
    get: {
      tags,
      summary: 'Progress badge for <img> (no script)',
      parameters: [slug, ...options],
      responses: {
        200: { description: 'SVG', content: { 'image/svg+xml': {} } },
        304: { description: 'not modified' },
        404: { description: 'unknown or draft appeal' },
      },
    },
  } as never;
  doc.paths['/widgets/{slug}.png'] = {
    get: {
      tags,
      summary: 'Share card (og:image): 1200x630 PNG of the title, bar, raised, target and donors',
      parameters: [slug, { ...options[2], description: 'default: en-US (Accept-Language is not followed)' }],
      responses: {
        200: { description: 'PNG', content: { 'image/png': {} } },
        304: { description: 'not modified' },
        404: { description: 'unknown or draft appeal' },
        503: { description: 'too many distinct cards waiting to be drawn on this instance; Retry-After: 1' },
      },
    },
  } as never;
  doc.paths['/widgets/embed.js'] = {
    get: {
      tags,
      summary: 'Script embed: fills every <div data-appeal="slug"> with a live widget',
      responses: { 200: { description: 'JavaScript', content: { 'text/javascript': {} } } },
    },
  } as never;
}
