import { request as httpRequest } from 'node:http';
import { connect, Socket } from 'node:net';

/** Raw sockets and posts for the front-door specs: what fetch() would hide. */

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * POSTs bytes over node:http and resolves with the answer, even when the server answers before
 * reading the whole body and closes the connection (a 413 on Content-Length does): the write
 * error that follows is expected and ignored. fetch() would report that as a failure instead.
 */
export function rawPost(base: string, path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      base + path,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(bytes);
  });
}

/** `[[[[...]]]]` of exactly `bytes` bytes (even). */
export const nestedArrays = (bytes: number): Buffer => Buffer.from('['.repeat(bytes / 2) + ']'.repeat(bytes / 2));

export interface RawSocket {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
}

/** A bare TCP connection, for requests that arrive too slowly for any HTTP client to send. */
export function openSocket(base: string): Promise<RawSocket> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(Number(port), hostname, () => resolve({ socket, received: () => got, closed }));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (d) => {
      got += d.toString('latin1');
    });
    socket.on('error', reject);
  });
}

/** Writes one byte at a time every `everyMs` until the socket closes; returns how many it wrote. */
export function trickle(s: RawSocket, byte: string, everyMs: number): Promise<number> {
  let written = 0;
  const timer = setInterval(() => {
    if (!s.socket.destroyed) {
      s.socket.write(byte);
      written++;
    }
  }, everyMs);
  return s.closed.then(() => {
    clearInterval(timer);
    return written;
  });
}
