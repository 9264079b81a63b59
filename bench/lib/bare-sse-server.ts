import { createServer, ServerResponse } from 'node:http';

/**
 * The SSE baseline: a bare Node `http` server holding every subscriber on one list. POST
 * /publish answers 200 first and then writes one shared frame to every subscriber, which is the
 * least any server can do for a fan-out. argv[2]: the frame's JSON body.
 */
const body = process.argv[2] ?? '{}';
const subscribers = new Set<ServerResponse>();
let version = 1;
const frame = (v: number) => Buffer.from(`id: ${v}\nevent: progress\ndata: ${body}\n\n`);

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    req.resume();
    res.end('{"ok":true}', () => {
      const f = frame(++version);
      for (const s of subscribers) s.write(f);
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
  res.write(Buffer.concat([Buffer.from('retry: 3000\n\n'), frame(version)]));
  subscribers.add(res);
  res.once('close', () => subscribers.delete(res));
});
server.listen(0, '127.0.0.1', () => console.log(`listening on ${(server.address() as { port: number }).port}`));
