import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { TestResponse } from './app';

/** Strings chosen to break parsers, queries, HTML and databases, plus anything fast-check finds. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n',
  'a'.repeat(10_000),
  "'; DROP TABLE appeals; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5)',
  '$1',
  '%s%n',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  'ünïcødé',
  '😀💸',
  '\u202egnp.exe',
  'a\u200bb',
  '\ud800',
  'ＡＢＣ',
  'null',
  'undefined',
  'true',
  '100',
  '-5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
];

export const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  -100,
  0.5,
  -0.01,
  1e-7,
  99.99,
  2 ** 31,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  1e19,
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
];

/** Any value a hostile client can put in a JSON field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...NASTY_NUMBERS),
  // JSON.parse makes __proto__ an own key, as a server's parser would see it.
  fc.constantFrom(true, false, null, [], {}, [1, 2], { $gt: 0 }, JSON.parse('{"__proto__":{"admin":true}}') as unknown, [[[[[]]]]]),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Raw bodies that are not JSON at all, or JSON that JavaScript cannot represent faithfully. */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"amount":',
    '[1,2',
    'nul',
    '{"a":1,}',
    "{'a':1}",
    '{"amount": 1e400}',
    '{"amount": -1e400}',
    '{"amount": 123456789012345678901234567890}',
    '{"a":"\\ud800"}',
    '\u0000',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    '"just a string"',
    '42',
    'true',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Path segments: unicode, traversal, injection, oversize. Sent percent-encoded. */
export const hostileSlug: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 5000), 'a'.repeat(300), 'UPPER', '-a-', 'slug with spaces', 'ä', '%', '%00'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 70 }),
);

/** Percent-encoded; a lone surrogate cannot be encoded, so it becomes the invalid UTF-8 it would be. */
export function pathSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .split('')
      .map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)))
      .join('');
  }
}

/** A valid body with one field replaced by a hostile value, removed, or joined by a stranger. */
export function mutatedBody(
  valid: () => Record<string, unknown>,
  fields: string[],
): fc.Arbitrary<{ field: string; body: Record<string, unknown> }> {
  return fc.oneof(
    fc
      .record({ field: fc.constantFrom(...fields), value: hostileValue })
      .map(({ field, value }) => ({ field, body: { ...valid(), [field]: value } })),
    fc.constantFrom(...fields).map((field) => {
      const body = valid();
      delete body[field];
      return { field, body };
    }),
    fc
      .record({ field: fc.constantFrom('admin', 'appealId', 'id', 'raised', 'status2', 'isAdmin', 'constructor'), value: hostileValue })
      .map(({ field, value }) => ({ field, body: { ...valid(), [field]: value } })),
  );
}

/**
 * A fingerprint of every table (whatever migrations exist): a rejected request must not move it.
 * rate_limits is left out: counting refused requests is its purpose.
 */
export async function snapshot(ds: DataSource): Promise<string> {
  const tables: Array<{ t: string }> = await ds.query(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'rate_limits') ORDER BY 1`,
  );
  const parts = await Promise.all(
    tables.map(async ({ t }) => {
      const [row] = await ds.query(
        `SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS f FROM "${t}" x`,
      );
      return `${t}=${row.f}`;
    }),
  );
  return parts.join(' ');
}

/** The error contract: JSON `{statusCode, error, message}` whose message says something specific. */
export function describesProblem(res: TestResponse): string[] {
  const b = res.body as { statusCode?: unknown; error?: unknown; message?: unknown } | string;
  if (typeof b !== 'object' || b === null) return [`${res.status} is not JSON: ${String(res.text).slice(0, 200)}`];
  const problems: string[] = [];
  if (b.statusCode !== res.status) problems.push(`statusCode ${String(b.statusCode)} differs from HTTP ${res.status}`);
  if (typeof b.error !== 'string' || !b.error) problems.push('no error name');
  const messages = Array.isArray(b.message) ? b.message : [b.message];
  if (!messages.length || messages.some((m) => typeof m !== 'string' || m.trim().length < 8))
    problems.push(`message says nothing: ${JSON.stringify(b.message)}`);
  return problems;
}

export const messageText = (res: TestResponse): string => {
  const m = (res.body as { message?: unknown })?.message;
  return Array.isArray(m) ? m.join(' | ') : String(m ?? '');
};

export const RUNS = { numRuns: Number(process.env.HOSTILE_RUNS ?? 60) };
