import { nextTargetOf, percentOf } from './progress-view';

describe('percentOf', () => {
  it.each([
    [0n, 10_000, 0],
    [9_999n, 10_000, 99],
    [9_999_999n, 10_000_000, 99],
    [10_000n, 10_000, 100],
    [16_000n, 10_000, 160],
    [1n, 3, 33],
    [BigInt(Number.MAX_SAFE_INTEGER), 1, Number(BigInt(Number.MAX_SAFE_INTEGER) * 100n)],
    [2n ** 62n, 1_000_000, Number((2n ** 62n * 100n) / 1_000_000n)],
    [-5n, 10_000, 0],
  ])('raised %i of %i is %i %% (rounded down, so never 100 before the target)', (raised, target, expected) => {
    expect(percentOf(raised, target)).toBe(expected);
  });
});

describe('nextTargetOf', () => {
  it.each([
    [9_999n, 10_000, [15_000], null],
    [10_000n, 10_000, [15_000, 30_000], 15_000],
    [16_000n, 10_000, [15_000, 30_000], 30_000],
    [30_000n, 10_000, [15_000, 30_000], null],
    [12_000n, 10_000, [], null],
    [2n ** 62n, 10_000, [15_000], null],
  ])('raised %i, target %i, stretch %j -> %p', (raised, target, stretch, expected) => {
    expect(nextTargetOf(raised, target, stretch)).toBe(expected);
  });
});
