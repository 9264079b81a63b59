import type { IncomingMessage, ServerResponse } from 'node:http';

/** The `error` member of a Stripe API error response. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'idempotency_error';
  message: string;
  param?: string;
  code?: string;
}

/**
 * Thrown by sandbox logic and turned into a Stripe-shaped error response by the router.
 * Direct (in-process) callers of the test controls get it as an ordinary rejected Error.
 */
export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = 'SandboxApiError';
  }
}

export function invalidRequest(message: string, param?: string, code?: string): SandboxApiError {
  return new SandboxApiError(400, { type: 'invalid_request_error', message, param, code });
}

/** Stripe answers unknown ids with 404 + code resource_missing; the SDK maps it to StripeInvalidRequestError. */
export function resourceMissing(kind: string, id: string, param = 'id'): SandboxApiError {
  return new SandboxApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

// Bodies here are small form posts; a cap keeps a misbehaving client from exhausting memory.
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw invalidRequest('Request body too large.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, no-store',
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    // The page must stay self-contained: this CSP makes any accidental external resource fail loudly.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  // 303 so the browser follows with GET after the form POST, as Checkout's redirect does.
  res.writeHead(303, { Location: location, 'Content-Length': 0 });
  res.end();
}
