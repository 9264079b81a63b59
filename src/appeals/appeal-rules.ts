/** Cross-field rules for an appeal, checked on the merged result of a create or a patch. */
export interface AppealShape {
  target: number;
  startsAt: Date | null;
  endsAt: Date | null;
  stretchTargets: number[];
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
  return problems;
}

export const parseDate = (v: string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : new Date(v);
