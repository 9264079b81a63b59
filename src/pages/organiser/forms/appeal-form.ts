import type { Appeal } from '../../../appeals/appeal.entity';
import { FormProblems, noProblems } from '../../shared/field-errors';
import { field, FormBody } from '../../shared/validate-dto';
import { amountField, amountListField, decimalText, toLocalInput, utcDateField } from './form-values';

export const APPEAL_FIELDS = [
  'slug',
  'title',
  'description',
  'currency',
  'target',
  'status',
  'startsAt',
  'endsAt',
  'stretchTargets',
  'presetAmounts',
  'monthlyEnabled',
  'monthlyPresetAmounts',
  'showAmounts',
] as const;
export type AppealFormValues = Record<(typeof APPEAL_FIELDS)[number], string>;

export function readAppealForm(body: FormBody): AppealFormValues {
  return Object.fromEntries(APPEAL_FIELDS.map((f) => [f, field(body, f)])) as AppealFormValues;
}

export function blankAppealForm(): AppealFormValues {
  return {
    ...(Object.fromEntries(APPEAL_FIELDS.map((f) => [f, ''])) as AppealFormValues),
    currency: 'usd',
    status: 'draft',
    monthlyEnabled: 'true',
    showAmounts: 'true',
  };
}

export function appealFormOf(a: Appeal): AppealFormValues {
  const list = (xs: number[]) => xs.map((x) => decimalText(x, a.currency)).join(', ');
  return {
    slug: a.slug,
    title: a.title,
    description: a.description,
    currency: a.currency,
    target: decimalText(a.target, a.currency),
    status: a.status,
    startsAt: toLocalInput(a.startsAt),
    endsAt: toLocalInput(a.endsAt),
    stretchTargets: list(a.stretchTargets),
    presetAmounts: list(a.presetAmounts),
    monthlyEnabled: a.monthlyEnabled ? 'true' : 'false',
    monthlyPresetAmounts: list(a.monthlyPresetAmounts),
    showAmounts: a.showAmounts ? 'true' : 'false',
  };
}

/**
 * The body the API would receive for this form: on create, empty optional fields are left out;
 * on update every field but the slug is sent, so clearing a date or a list clears it.
 */
export function toAppealBody(v: AppealFormValues, mode: 'create' | 'update'): { body: Record<string, unknown>; problems: FormProblems } {
  const p = noProblems();
  const body: Record<string, unknown> = {
    title: v.title,
    description: v.description,
    currency: v.currency,
    status: v.status,
    target: amountField(p, 'target', v.target, v.currency),
    startsAt: utcDateField(v.startsAt),
    endsAt: utcDateField(v.endsAt),
    stretchTargets: amountListField(p, 'stretchTargets', v.stretchTargets, v.currency),
    presetAmounts: amountListField(p, 'presetAmounts', v.presetAmounts, v.currency),
    monthlyEnabled: v.monthlyEnabled !== 'false',
    monthlyPresetAmounts: amountListField(p, 'monthlyPresetAmounts', v.monthlyPresetAmounts, v.currency),
  };
  // A form without the field (an older page) leaves the setting as it is.
  if (v.showAmounts === 'true' || v.showAmounts === 'false') body.showAmounts = v.showAmounts === 'true';
  if (mode === 'create') {
    body.slug = v.slug;
    if (body.monthlyEnabled === true) delete body.monthlyEnabled; // the default
    for (const k of Object.keys(body))
      if (body[k] === null || body[k] === '' || (Array.isArray(body[k]) && !(body[k] as unknown[]).length)) delete body[k];
  }
  if (mode === 'update' && !v.target) p.fields.target = ['target is required'];
  return { body, problems: p };
}
