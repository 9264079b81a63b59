import { stringifyExact } from './exact-json';

describe('stringifyExact', () => {
  it.each([
    [{ raised: 0n }, '{"raised":0}'],
    [{ raised: 2n ** 53n + 1n }, '{"raised":9007199254740993}'],
    [{ raised: 9223372036854775807n, n: 1.5, s: 'x', list: [1n, null] }, '{"raised":9223372036854775807,"n":1.5,"s":"x","list":[1,null]}'],
  ])('writes %p with every digit', (value, expected) => {
    expect(stringifyExact(value)).toBe(expected);
  });
});
