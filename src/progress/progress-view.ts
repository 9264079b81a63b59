import type { Appeal } from '../appeals/appeal.entity';
import type { AppealTotals } from '../donations/appeal-totals.entity';

/** The public face of an appeal's progress. No donor data, no internal ids. */
export interface ProgressView {
  slug: string;
  title: string;
  description: string;
  currency: string;
  target: number;
  /** Exact at any size; serialised as a JSON number with every digit (see common/exact-json). */
  raised: bigint;
  donations: number;
  donors: number;
  /** Monthly gifts giving now (active, or past due while Stripe retries a payment). */
  monthlyDonors: number;
  /** What they give each month, in the appeal's currency (plans in other currencies are left out). */
  monthlyAmount: bigint;
  /** Distinct countries of the counted gifts (those whose payment named one). */
  countries: number;
  percent: number;
  status: string;
  startsAt: string | null;
  endsAt: string | null;
  stretchTargets: number[];
  nextTarget: number | null;
  version: number;
  updatedAt: string;
}

/** Whole percent, rounded down, so 99.6 % never reads as 100 % before the target is met. */
export function percentOf(raised: bigint, target: number): number {
  if (target <= 0 || raised <= 0n) return 0;
  return Number((raised * 100n) / BigInt(target));
}

/** Once the target is passed, the first stretch target not yet reached. */
export function nextTargetOf(raised: bigint, target: number, stretch: number[]): number | null {
  if (raised < target) return null;
  return stretch.find((t) => t > raised) ?? null;
}

export function toProgressView(appeal: Appeal, totals: AppealTotals): ProgressView {
  const updated = totals.updatedAt > appeal.updatedAt ? totals.updatedAt : appeal.updatedAt;
  return {
    slug: appeal.slug,
    title: appeal.title,
    description: appeal.description,
    currency: appeal.currency,
    target: appeal.target,
    raised: totals.raised,
    donations: totals.donationCount,
    donors: totals.donorCount,
    monthlyDonors: totals.monthlyDonors ?? 0,
    monthlyAmount: totals.monthlyAmount ?? 0n,
    countries: totals.countries,
    percent: percentOf(totals.raised, appeal.target),
    status: appeal.status,
    startsAt: appeal.startsAt?.toISOString() ?? null,
    endsAt: appeal.endsAt?.toISOString() ?? null,
    stretchTargets: appeal.stretchTargets,
    nextTarget: nextTargetOf(totals.raised, appeal.target, appeal.stretchTargets),
    version: totals.version,
    updatedAt: updated.toISOString(),
  };
}

/**
 * The same view after a change of totals only (what the ledger's NOTIFY carries): the appeal's
 * own fields are unchanged, so nothing needs to be read again.
 */
export function withTotals(
  view: ProgressView,
  t: {
    raised: bigint;
    donations: number;
    donors: number;
    countries: number;
    monthlyDonors?: number;
    monthlyAmount?: bigint;
    updatedAt: Date;
  },
  version: number,
): ProgressView {
  const updatedAt = t.updatedAt.toISOString();
  return {
    ...view,
    raised: t.raised,
    donations: t.donations,
    donors: t.donors,
    monthlyDonors: t.monthlyDonors ?? view.monthlyDonors,
    monthlyAmount: t.monthlyAmount ?? view.monthlyAmount,
    countries: t.countries,
    percent: percentOf(t.raised, view.target),
    nextTarget: nextTargetOf(t.raised, view.target, view.stretchTargets),
    version,
    updatedAt: updatedAt > view.updatedAt ? updatedAt : view.updatedAt,
  };
}
