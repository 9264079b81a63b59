import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The baseline: a bare Node `http` server answering with recorded responses (status, headers,
 * bytes) of the real service, so the benchmark compares the same bytes on the wire. Runs as its
 * own process, like the service. argv[2]: a JSON file of { "<path>[ if-none-match]": response }.
 */
interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const routes = new Map(
  Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8')) as Record<string, Recorded>).map(([k, r]) => [
    k,
    { ...r, bytes: Buffer.from(r.body, 'base64') },
  ]),
);

const server = createServer((req, res) => {
  const key = `${req.url}${req.headers['if-none-match'] ? ' if-none-match' : ''}`;
  const r = routes.get(key);
  if (!r) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(r.status, r.headers);
  res.end(r.status === 304 ? undefined : r.bytes);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on ${(server.address() as { port: number }).port}`));
