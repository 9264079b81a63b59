import { str, type ParamTree } from './form-params';
import { invalidRequest, resourceMissing } from './http-util';

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** A Stripe list page over items already sorted newest first: `limit` and `starting_after`. */
export function listPage<T extends { id: string }>(all: T[], params: ParamTree, url: string): ListPage<T> {
  const rawLimit = str(params, 'limit') ?? '10';
  const limit = Number(rawLimit);
  if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > 100) throw invalidRequest('Limit must be between 1 and 100.', 'limit');
  const after = str(params, 'starting_after');
  let from = 0;
  if (after) {
    const i = all.findIndex((x) => x.id === after);
    if (i < 0) throw resourceMissing('object', after, 'starting_after');
    from = i + 1;
  }
  const rest = all.slice(from);
  return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
}
