/** No request body of this API nests deeper than a few levels; validation recurses per level. */
export const MAX_BODY_DEPTH = 32;
/**
 * Object keys plus array items (or form fields) in one body. The largest real body (an appeal)
 * has about 30; validating a thousand unknown keys costs class-transformer and class-validator
 * ~4 ms, so the bound is kept near what is used.
 */
export const MAX_BODY_MEMBERS = 256;

const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COMMA = 0x2c,
  COLON = 0x3a;
const OPEN_ARRAY = 0x5b,
  OPEN_OBJECT = 0x7b,
  CLOSE_ARRAY = 0x5d,
  CLOSE_OBJECT = 0x7d;

/**
 * What makes a JSON body too deep or too wide to be worth parsing, found by one pass over its
 * bytes that stops at the first limit crossed, or null. It does not validate the JSON (the parser
 * after it does); it only has to bound the work before JSON.parse builds anything.
 *
 * Why bytes and not a library: JSON.parse itself spends ~5 ms on 64 KB of `[[[[...]]]]` and
 * ~100-150 ms on 1 MB before any check on the result can run, secure-json-parse and destr have
 * no depth or size options, and the streaming tokenisers that could count (jsonc-parser's visit
 * recurses per level and overflows the stack on this input; stream-json) cost more than the
 * parse they would guard. This pass costs microseconds on hostile input (it stops at the limit)
 * and ~0.3 ms on a full 64 KB legitimate body.
 */
export function jsonShapeProblem(body: Uint8Array, maxDepth = MAX_BODY_DEPTH, maxMembers = MAX_BODY_MEMBERS): string | null {
  // inArray[d]: whether the container at depth d is an array (its items are counted at each
  // comma) or an object (its keys at each colon). The depth is bounded, so is this.
  const inArray: boolean[] = [false];
  let depth = 0;
  let members = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) {
      // Skip the string; a backslash escapes the byte after it (UTF-8 continuation bytes are
      // never ASCII, so byte-wise scanning is safe).
      for (i++; i < body.length && body[i] !== QUOTE; i++) if (body[i] === BACKSLASH) i++;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return `body nests more than ${maxDepth} levels of arrays or objects`;
      inArray[depth] = c === OPEN_ARRAY;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
    } else if ((c === COMMA && inArray[depth]) || (c === COLON && !inArray[depth])) {
      if (++members > maxMembers) return `body has more than ${maxMembers} keys and array items`;
    }
  }
  return null;
}

const AMPERSAND = 0x26;

/** The same bound for a form body, whose fields are separated by `&` (no nesting possible). */
export function formShapeProblem(body: Buffer, maxMembers = MAX_BODY_MEMBERS): string | null {
  let fields = body.length ? 1 : 0;
  for (let i = body.indexOf(AMPERSAND); i >= 0; i = body.indexOf(AMPERSAND, i + 1)) {
    if (++fields > maxMembers) return `body has more than ${maxMembers} form fields`;
  }
  return null;
}
