import { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL bigint arrives from `pg` as a string. A single amount in minor units is handled as a
 * JS integer: CHECK constraints keep every such column within 2^53, so the error below cannot be
 * reached by a stored row (a value outside the safe range must never be rounded silently).
 * Totals, which grow without such a bound, use `exactBigintTransformer`.
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null || value === undefined) return value;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} is outside the safe integer range`);
    return n;
  },
};

export const bigintArrayTransformer: ValueTransformer = {
  to: (value: number[] | null | undefined) => value,
  from: (value: Array<string | number> | null) => (value ?? []).map((v) => bigintTransformer.from(v)),
};

/** A bigint column read as a JS bigint: exact for every value PostgreSQL can hold. */
export const exactBigintTransformer: ValueTransformer = {
  to: (value: bigint | number | null | undefined) => (typeof value === 'bigint' ? value.toString() : value),
  from: (value: string | number | null) => (value === null || value === undefined ? value : BigInt(value)),
};
