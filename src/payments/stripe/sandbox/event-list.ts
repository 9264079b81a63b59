import type Stripe from 'stripe';
import { isTree, str, type ParamTree } from './form-params';
import { invalidRequest, resourceMissing } from './http-util';

export interface EventListPage {
  object: 'list';
  data: Stripe.Event[];
  has_more: boolean;
  url: '/v1/events';
}

/** `type` may use `*` as a wildcard ("charge.dispute.*"), as on Stripe. */
function typeMatcher(p: ParamTree): (type: string) => boolean {
  const raw = p.types;
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : [];
  const single = str(p, 'type');
  if (single && list.length > 0) throw invalidRequest('You may only specify one of these parameters: type, types.', 'types');
  const patterns = single ? [single] : list;
  if (patterns.length === 0) return () => true;
  const regexes = patterns.map((t) => new RegExp(`^${t.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (type) => regexes.some((r) => r.test(type));
}

function intParam(value: string | undefined, param: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, param);
  return Number(value);
}

/** `created=N` or `created[gt|gte|lt|lte]=N`. */
function createdMatcher(p: ParamTree): (created: number) => boolean {
  const c = p.created;
  if (c === undefined) return () => true;
  if (typeof c === 'string') {
    const exact = intParam(c, 'created');
    return (t) => t === exact;
  }
  if (!isTree(c)) throw invalidRequest('Invalid created filter', 'created');
  const gt = intParam(str(c, 'gt'), 'created[gt]');
  const gte = intParam(str(c, 'gte'), 'created[gte]');
  const lt = intParam(str(c, 'lt'), 'created[lt]');
  const lte = intParam(str(c, 'lte'), 'created[lte]');
  return (t) =>
    (gt === undefined || t > gt) && (gte === undefined || t >= gte) && (lt === undefined || t < lt) && (lte === undefined || t <= lte);
}

function cursorIndex(list: Stripe.Event[], id: string, param: string): number {
  const i = list.findIndex((e) => e.id === id);
  if (i < 0) throw resourceMissing('event', id, param);
  return i;
}

/**
 * GET /v1/events. `events` is oldest first (creation order); the API answers newest first.
 * starting_after pages towards older events, ending_before towards newer ones.
 */
export function listEvents(events: readonly Stripe.Event[], p: ParamTree): EventListPage {
  const limit = intParam(str(p, 'limit'), 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Limit must be between 1 and 100.', 'limit');
  const after = str(p, 'starting_after');
  const before = str(p, 'ending_before');
  if (after && before)
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  const matchType = typeMatcher(p);
  const matchCreated = createdMatcher(p);
  // Cursors are resolved against all events so a cursor outside the filter still works.
  const newestFirst = [...events].reverse();
  let window = newestFirst;
  if (after) window = newestFirst.slice(cursorIndex(newestFirst, after, 'starting_after') + 1);
  if (before) window = newestFirst.slice(0, cursorIndex(newestFirst, before, 'ending_before'));
  const matching = window.filter((e) => matchType(e.type) && matchCreated(e.created));
  // With ending_before the page is the `limit` events closest to the cursor, still newest first.
  const data = before ? matching.slice(-limit) : matching.slice(0, limit);
  return { object: 'list', data, has_more: matching.length > limit, url: '/v1/events' };
}

export function findEvent(events: readonly Stripe.Event[], id: string): Stripe.Event {
  const event = events.find((e) => e.id === id);
  if (!event) throw resourceMissing('event', id, 'id');
  return event;
}
