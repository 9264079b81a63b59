import { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL bigint arrives from `pg` as a string. Amounts in minor units stay far below 2^53,
 * so they are handled as JS integers; anything outside the safe range is a data error, not a
 * value to round silently.
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
