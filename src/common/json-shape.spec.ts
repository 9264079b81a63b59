import { jsonShapeProblem, MAX_BODY_DEPTH, MAX_BODY_MEMBERS } from './json-shape';

const shape = (text: string, depth?: number, members?: number) => jsonShapeProblem(Buffer.from(text), depth, members);
const nested = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);

describe('jsonShapeProblem', () => {
  it.each([
    ['a flat object', '{"amount":2500,"donorName":"Dana"}'],
    ['an appeal with arrays', '{"slug":"s","stretchTargets":[1,2,3],"presetAmounts":[10,20]}'],
    ['brackets, braces, colons and commas inside strings', JSON.stringify({ note: '[[[[{{{{::::,,,,'.repeat(1000) })],
    ['escaped quotes inside strings', JSON.stringify({ note: '"[[[["'.repeat(200) })],
    ['depth exactly at the limit', nested(MAX_BODY_DEPTH)],
    ['not JSON at all (the parser after it says so)', '{"amount":'],
    ['a scalar', '42'],
  ])('lets %s through', (_name, text) => {
    expect(shape(text)).toBeNull();
  });

  it.each([
    ['arrays', nested(MAX_BODY_DEPTH + 1)],
    ['objects', nested(MAX_BODY_DEPTH + 1, '{"a":', '}')],
    ['a mix, deep inside a valid field', `{"amount":1,"x":${nested(100, '[{"a":', '}]')}}`],
  ])('refuses %s nested past the depth limit', (_name, text) => {
    expect(shape(text)).toBe(`body nests more than ${MAX_BODY_DEPTH} levels of arrays or objects`);
  });

  it.each([
    ['keys', (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`],
    ['array items', (n: number) => `[${Array.from({ length: n }, () => '0').join(',')}]`],
  ])('counts %s against the member limit', (_name, body) => {
    expect(shape(body(MAX_BODY_MEMBERS - 1))).toBeNull();
    expect(shape(body(MAX_BODY_MEMBERS + 2))).toBe(`body has more than ${MAX_BODY_MEMBERS} keys and array items`);
  });

  it('counts an array of objects as its items plus their keys', () => {
    const objects = (n: number) => `[${Array.from({ length: n }, (_, i) => `{"k${i}":1}`).join(',')}]`;
    expect(shape(objects(MAX_BODY_MEMBERS / 2))).toBeNull();
    expect(shape(objects(MAX_BODY_MEMBERS / 2 + 2))).not.toBeNull();
  });

  it('stops at the limit instead of reading a megabyte of nesting', () => {
    // Not a timing: the limit is hit within the first bytes whatever follows.
    expect(shape(nested(512 * 1024), 4)).toBe('body nests more than 4 levels of arrays or objects');
  });
});
