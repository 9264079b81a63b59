import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

/** The service's own pages and API: same-origin everything, forms may post only here. */
export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'self'"],
    },
  },
};

/**
 * Route options for the routes that must work on other sites (the public reads, the widgets and
 * their CORS preflights): they set their own complete headers instead, because helmet's
 * X-Frame-Options, frame-ancestors 'self' and Cross-Origin-Resource-Policy: same-origin would
 * break iframes, embed.js and the badge, and these are the hottest routes of the service.
 */
export const EMBEDDABLE = { config: { securityHeaders: false } } as Partial<RouteOptions>;

/**
 * helmet's headers for `options`, worked out once. helmet's own middleware (and its Fastify
 * plugin) computes them again on every request, and the plugin adds a promise-returning hook to
 * every route, the embeddable ones included; these headers never change between requests.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): { set: Array<[string, string]>; remove: string[] } {
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => {
      set.push([name.toLowerCase(), String(value)]);
    },
    removeHeader: (name: string) => {
      remove.push(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options as HelmetOptions)({} as never, recorder as never, (e?: unknown) => {
    failure = e;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { set, remove };
}

/**
 * Sets the security headers on every response (errors and 404s included) except on routes
 * registered with EMBEDDABLE. Written to the raw response like helmet does, so a handler can
 * still read (`reply.getHeader`) and override one, as the donate page does with its CSP.
 */
export function installSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = SECURITY_HEADER_OPTIONS): void {
  const { set, remove } = securityHeaders(options);
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if ((req.routeOptions.config as { securityHeaders?: boolean }).securityHeaders === false) return done();
    const res = reply.raw;
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of remove) res.removeHeader(name);
    done();
  });
}
