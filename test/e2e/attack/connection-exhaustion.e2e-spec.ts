import { execFileSync } from 'node:child_process';
import { connect, Socket } from 'node:net';
import { createTestDatabase, TestDatabase } from '../../support/db';
import { ServiceProcess, startService } from '../../support/process';

const FD_LIMIT = 256;

/** A keep-alive socket from `localAddress` that sent one request; resolves once answered or dropped. */
function holdKeepAlive(port: number, localAddress: string, held: Socket[]): Promise<'answered' | 'dropped'> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress }, () => s.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'));
    held.push(s);
    s.once('data', () => resolve('answered'));
    s.once('error', () => resolve('dropped'));
    s.once('close', () => resolve('dropped'));
  });
}

/** One request from another client address: its status, or how the connection failed. */
function probe(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress }, () =>
      s.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    let text = '';
    s.setTimeout(5000, () => {
      s.destroy();
      resolve('no answer in 5 s');
    });
    s.on('data', (d) => {
      text += d;
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    s.once('close', () => resolve(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 'closed without an answer'));
  });
}

/**
 * Attack (fixed by CONNECTIONS_PER_ADDRESS): before, nothing bounded the connections one client
 * address may hold. Idle keep-alive sockets live KEEP_ALIVE_TIMEOUT_MS
 * (72 s by default) and are not counted by STREAMS_MAX, so one address opening as many as the
 * process has file descriptors makes accept() fail for every other client until they time out.
 * Live: 21,000 sockets against the default 20,000-descriptor limit left fresh clients with no
 * answer; the process survived and recovered once the sockets went. Here the process runs with
 * 256 descriptors so the test needs only 300 sockets; the address's connections past the cap are
 * closed on arrival, so the other address is still served.
 */
describe('attack: idle keep-alive sockets from one address', () => {
  let db: TestDatabase;
  let s: ServiceProcess | undefined;
  const held: Socket[] = [];
  afterAll(async () => {
    for (const h of held) h.destroy();
    await s?.stop();
    await db?.drop();
  });

  it('do not keep other clients from being served', async () => {
    db = await createTestDatabase();
    // The cap is what protects the others; here it is set below the lowered descriptor limit.
    s = await startService({
      DATABASE_URL: db.url,
      ADMIN_TOKEN: 'connection-exhaustion-admin-token-0123456',
      CONNECTIONS_PER_ADDRESS: '100',
    });
    const port = Number(new URL(s.url).port);
    expect(await probe(port, '127.0.0.3')).toBe('200');
    execFileSync('prlimit', ['--pid', String(s.child.pid), `--nofile=${FD_LIMIT}:${FD_LIMIT}`]);
    const outcomes = await Promise.all(Array.from({ length: FD_LIMIT + 44 }, () => holdKeepAlive(port, '127.0.0.2', held)));
    expect(outcomes).toContain('answered');
    expect(await probe(port, '127.0.0.3')).toBe('200');
  });
});
