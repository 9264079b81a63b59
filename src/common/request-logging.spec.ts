import Fastify from 'fastify';
import pino from 'pino';
import { installRequestLogging } from './request-logging';

/** A Fastify app logging through installRequestLogging into an array of parsed lines. */
async function appLogging(
  route: (reply: { code(n: number): unknown; header(k: string, v: string): unknown; send(b: string): unknown }) => unknown,
) {
  const lines: Array<Record<string, any>> = [];
  const root = pino(
    { level: 'info' },
    {
      write: (l: string) => {
        lines.push(JSON.parse(l));
      },
    },
  );
  const app = Fastify();
  installRequestLogging(app, root);
  app.get('/x', (_req, reply) => route(reply));
  await app.ready();
  return { app, lines };
}

describe('request logging levels', () => {
  it('logs load shed on purpose (503 with Retry-After) at warn, without a stack', async () => {
    const { app, lines } = await appLogging((r) => {
      r.code(503);
      r.header('retry-after', '30');
      return r.send('busy');
    });
    await app.inject({ url: '/x' });
    const line = lines.find((l) => l.msg === 'request completed' || l.msg === 'request errored');
    expect(line).toMatchObject({ level: 40, res: { statusCode: 503 } });
    expect(JSON.stringify(line)).not.toContain('stack');
  });

  it("logs any other 5xx at error, still without pino-http's made-up stack", async () => {
    const { app, lines } = await appLogging((r) => {
      r.code(502);
      return r.send('upstream');
    });
    await app.inject({ url: '/x' });
    const line = lines.find((l) => l.res?.statusCode === 502);
    expect(line).toMatchObject({ level: 50 });
    expect(JSON.stringify(line)).not.toContain('stack');
  });
});
