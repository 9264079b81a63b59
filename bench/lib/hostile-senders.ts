import { Agent, request } from 'node:http';

/**
 * Hostile clients, in a process of their own so their work does not slow the load generator:
 * argv[2] the service URL, argv[3] the body size in bytes, argv[4] the number of concurrent
 * clients, argv[5..] the paths they cycle through. Each client posts `[[[[...]]]]` of that size,
 * waits for the answer (or the connection's end: a 413 closes it), and posts again, until
 * SIGTERM, when it prints the answers it got by status as one JSON line.
 */
const [base, size, clients, ...paths] = process.argv.slice(2);
const body = Buffer.from('['.repeat(Number(size) / 2) + ']'.repeat(Number(size) / 2));
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const answers: Record<string, number> = {};
let stopping = false;

function post(path: string): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: string) => {
      if (!done) {
        done = true;
        answers[status] = (answers[status] ?? 0) + 1;
        resolve();
      }
    };
    const req = request(
      base + path,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'stripe-signature': 't=1,v1=00' },
      },
      (res) => {
        res.resume();
        res.on('end', () => finish(String(res.statusCode)));
        res.on('error', () => finish(String(res.statusCode)));
      },
    );
    req.on('error', () => finish('closed'));
    req.end(body);
  });
}

async function client(offset: number): Promise<void> {
  for (let i = offset; !stopping; i++) await post(paths[i % paths.length]);
}

process.on('SIGTERM', () => {
  stopping = true;
  console.log(JSON.stringify(answers));
  process.exit(0);
});
for (let c = 0; c < Number(clients); c++) void client(c);
// The harness waits for this line from every process it starts.
console.log('listening on 0 (sending)');
