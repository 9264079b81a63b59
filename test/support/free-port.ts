import { createServer } from 'node:net';

/** Asks the kernel for a free TCP port on loopback (never 5432, which a system server may own). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((ok, fail) => {
      const srv = createServer();
      srv.once('error', fail);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => ok(port));
      });
    });
    if (port !== 5432) return port;
  }
}
