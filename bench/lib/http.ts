import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  /** The body as received (binary answers such as the share card PNG). */
  bytes: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A keep-alive HTTP client on node:http: far cheaper per request than fetch, so on a two-core
 * machine the harness takes as little CPU as possible from the service it measures.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private base: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Follows a restarted service to its new address. */
  retarget(base: string): void {
    this.base = base;
  }

  send(
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
    timeoutMs = 30_000,
  ): Promise<HttpAnswer> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8'), bytes, headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  json(method: string, path: string, body: unknown, token?: string): Promise<HttpAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    return this.send(method, path, JSON.stringify(body), headers);
  }

  close(): void {
    this.agent.destroy();
  }
}
