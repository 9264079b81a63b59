import { invalidRequest } from './http-util';

/** A decoded Stripe request parameter tree: `a[b][0]=x` becomes `{ a: { b: ['x'] } }`. */
export type ParamValue = string | ParamTree | ParamValue[];
export interface ParamTree {
  [key: string]: ParamValue;
}

// Keys that would let a crafted body reach Object.prototype through nested assignment.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
// Under metadata, numeric-looking keys are real keys ("metadata[2024]"), never array indices.
const KEEP_AS_OBJECT = new Set(['metadata']);

/** Splits `line_items[0][price_data][currency]` into ['line_items', '0', 'price_data', 'currency']. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open < 0) return [key];
  const path = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let end = open;
  while ((m = re.exec(key)) !== null && m.index === end) {
    path.push(m[1]);
    end = re.lastIndex;
  }
  if (end !== key.length) throw invalidRequest(`Invalid parameter name: ${key}`, key);
  return path;
}

function assign(root: ParamTree, path: string[], value: string, fullKey: string): void {
  if (path.some((p) => FORBIDDEN.has(p))) throw invalidRequest(`Invalid parameter name: ${fullKey}`, fullKey);
  let node = root;
  for (const seg of path.slice(0, -1)) {
    const next = node[seg];
    if (next === undefined || typeof next === 'string') node[seg] = {};
    node = node[seg] as ParamTree;
  }
  let last = path[path.length - 1];
  // `types[]=a&types[]=b` (no index, as curl users write it) appends in arrival order.
  if (last === '') last = String(Object.keys(node).length);
  node[last] = value;
}

/** Objects whose keys are all 0..n-1 were sent as arrays (the SDK uses indexed `a[0]` form). */
function arrayify(value: ParamValue, parentKey: string): ParamValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const k of keys) value[k] = arrayify(value[k], k);
  if (KEEP_AS_OBJECT.has(parentKey) || keys.length === 0) return value;
  const numeric = keys.every((k) => /^\d+$/.test(k));
  if (!numeric) return value;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => value[String(i)]);
}

/** Parses an `application/x-www-form-urlencoded` body or query string the way Stripe's API does. */
export function parseParams(encoded: string): ParamTree {
  const root: ParamTree = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    assign(root, splitKey(key), value, key);
  }
  for (const k of Object.keys(root)) root[k] = arrayify(root[k], k);
  return root;
}

/** Order-independent serialisation, so idempotency compares meaning rather than byte order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const body = Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${body.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Reads a nested string parameter, e.g. str(p, 'price_data', 'currency'). */
export function str(tree: ParamValue | undefined, ...path: string[]): string | undefined {
  let node: ParamValue | undefined = tree;
  for (const seg of path) {
    if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
    node = node[seg];
  }
  return typeof node === 'string' ? node : undefined;
}

export function isTree(value: ParamValue | undefined): value is ParamTree {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}
