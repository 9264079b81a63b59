/**
 * JSON that carries bigint values as JSON numbers with every digit: totals are kept exactly in
 * PostgreSQL bigint and may pass 2^53, where a JS number would round (and JSON.stringify throws
 * on a bigint). JSON.rawJSON (ES2025, Node 21+) emits the digits verbatim.
 */
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

function exactReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? rawJSON(value.toString()) : value;
}

export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, exactReplacer);
}
