import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { isSandboxAction, months, runAction, type ActionTarget } from './actions';
import { parseParams } from './form-params';
import { SandboxApiError, invalidRequest, readBody, sendJson } from './http-util';
import type { DeliveryRecord } from './webhook-delivery';

/** The parts of StripeSandbox the loopback test controls drive. */
export interface ControlContext extends ActionTarget {
  readonly events: Stripe.Event[];
  deliveries: DeliveryRecord[];
  advanceMonths(months: number): Promise<Stripe.Event[]>;
}

/**
 * POST /sandbox/sessions/:id/<action>, POST /sandbox/clock/advance ({months}) and GET /sandbox/events, for tests and tools in other
 * processes. They sit on the loopback listener behind the sandbox's API key, like /v1: the
 * events carry donors' e-mail addresses and the actions move money.
 */
export async function handleControl(ctx: ControlContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    if (req.method === 'GET' && path === '/sandbox/events') {
      sendJson(res, 200, { object: 'list', data: ctx.events, deliveries: ctx.deliveries });
      return;
    }
    if (req.method === 'POST' && path === '/sandbox/clock/advance') {
      sendJson(res, 200, { events: await ctx.advanceMonths(months(await controlBody(req))) });
      return;
    }
    const m = /^\/sandbox\/sessions\/([^/]+)\/([a-z_]+)$/.exec(path);
    if (req.method !== 'POST' || !m || !isSandboxAction(m[2])) {
      throw new SandboxApiError(404, { type: 'invalid_request_error', message: `Unknown sandbox control: ${req.method} ${path}` });
    }
    const events = await runAction(ctx, decodeURIComponent(m[1]), m[2], await controlBody(req));
    sendJson(res, 200, { events });
  } catch (err) {
    const status = err instanceof SandboxApiError ? err.status : 500;
    const error = err instanceof SandboxApiError ? err.body : { type: 'api_error', message: String(err) };
    sendJson(res, status, { error });
  }
}

/** Accepts JSON (documented) or a form body, so `curl -d outcome=paid` works as well. */
async function controlBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.trim() === '') return {};
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw invalidRequest('Body must be a JSON object.');
  }
  return parseParams(raw);
}
