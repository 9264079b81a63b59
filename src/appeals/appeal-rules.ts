import { checkAmount } from '../money';

/** Cross-field rules for an appeal, checked on the merged result of a create or a patch. */
export interface AppealShape {
  currency: string;
  target: number;
  startsAt: Date | null;
  endsAt: Date | null;
  stretchTargets: number[];
  presetAmounts: number[];
  monthlyPresetAmounts?: number[];
}

export function appealRuleProblems(a: AppealShape): string[] {
  const problems: string[] = [];
  if (a.startsAt && a.endsAt && a.endsAt.getTime() <= a.startsAt.getTime()) {
    problems.push('endsAt must be after startsAt');
  }
  let floor = a.target;
  for (const [i, t] of a.stretchTargets.entries()) {
    if (t <= floor) {
      problems.push(`stretchTargets[${i}] must be greater than ${i === 0 ? 'target' : `stretchTargets[${i - 1}]`} (${floor})`);
      break;
    }
    floor = t;
  }
  return problems.concat(presetProblems(a));
}

/**
 * A preset must be an amount the checkout accepts in the appeal's currency (Stripe's minimum,
 * the 3-decimal step), or the donate page would offer a button that can only fail. The
 * DONATION_MAX_AMOUNT ceiling is configuration, so the page hides presets above it instead.
 */
function presetProblems(a: AppealShape): string[] {
  for (const field of ['presetAmounts', 'monthlyPresetAmounts'] as const) {
    for (const [i, p] of (a[field] ?? []).entries()) {
      const problem = checkAmount(p, a.currency);
      if (problem) return [problem.replace(/^amount/, `${field}[${i}]`)];
    }
  }
  return [];
}

export const parseDate = (v: string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : new Date(v);
