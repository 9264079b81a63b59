import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for api.stripe.com in front of the sandbox: it forwards every call unchanged, and
 * can make Stripe "forget" its idempotency keys as Stripe does after 24 hours (the sandbox keeps
 * them for its whole life), by giving every key seen so far a new generation suffix.
 */
export class StripeApiProxy {
  readonly calls: Array<{ method: string; path: string; idempotencyKey: string | null }> = [];
  private server?: Server;
  private target?: URL;
  private generation = 0;

  async start(): Promise<string> {
    const server = createServer((req, res) => this.forward(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  forwardTo(url: string): void {
    this.target = new URL(url);
  }

  /** Every idempotency key used so far is unknown to "Stripe" from now on. */
  forgetIdempotencyKeys(): void {
    this.generation += 1;
  }

  createdSessions(): number {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v1/checkout/sessions').length;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    if (!this.target) {
      res.writeHead(503).end();
      return;
    }
    const key = req.headers['idempotency-key'];
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: this.target.host };
    if (typeof key === 'string' && this.generation) headers['idempotency-key'] = `${key}~g${this.generation}`;
    this.calls.push({
      method: req.method ?? 'GET',
      path: (req.url ?? '').split('?')[0],
      idempotencyKey: typeof key === 'string' ? key : null,
    });
    const upstream = httpRequest(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}
