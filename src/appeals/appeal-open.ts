import type { Appeal } from './appeal.entity';

/** Why an appeal takes no money now; `at` is the date that decides it. */
export type AppealClosed = { why: 'closed' } | { why: 'not-active' } | { why: 'not-yet'; at: Date } | { why: 'ended'; at: Date };

/**
 * The one rule for "does this appeal take gifts now": active, and within its dates (the end is
 * exclusive). Null when it is open. The checkout refuses and the donate page explains from this.
 */
export function appealClosed(appeal: Pick<Appeal, 'status' | 'startsAt' | 'endsAt'>, now = new Date()): AppealClosed | null {
  if (appeal.status === 'closed') return { why: 'closed' };
  if (appeal.status !== 'active') return { why: 'not-active' };
  if (appeal.startsAt && now < appeal.startsAt) return { why: 'not-yet', at: appeal.startsAt };
  if (appeal.endsAt && now >= appeal.endsAt) return { why: 'ended', at: appeal.endsAt };
  return null;
}
