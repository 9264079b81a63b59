import { CLOSED_DISPUTE_STATUSES } from './dispute.entity';
import { REFUND_RANK, refundCounts } from './lifecycle';
import { REFUND_STATUSES } from './refund.entity';

// SQL fragments spelled from the TypeScript lists, so the two cannot disagree.

/** A refund status's rank (see REFUND_RANK) as a SQL CASE over `col`. */
export const rankSql = (col: string): string =>
  `CASE ${col} ${Object.entries(REFUND_RANK)
    .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
    .join(' ')} END`;
/** `('succeeded', ...)`: the refund statuses that take money back. */
export const COUNTING_REFUND_STATUSES = `(${REFUND_STATUSES.filter(refundCounts)
  .map((s) => `'${s}'`)
  .join(', ')})`;
/** The dispute statuses that end a dispute. */
export const CLOSED_DISPUTE_STATUSES_SQL = `(${CLOSED_DISPUTE_STATUSES.map((s) => `'${s}'`).join(', ')})`;
