import { parseMoney } from '../../money';
import { addProblem, FormProblems, noProblems } from '../shared/field-errors';
import { field, FormBody } from '../shared/validate-dto';

/** What the donor typed, kept to fill the form again after a problem. */
export interface DonateValues {
  frequency: 'once' | 'monthly';
  preset: string;
  monthlyPreset: string;
  customAmount: string;
  donorName: string;
  donorEmail: string;
  message: string;
  anonymous: boolean;
  /** The donor ticked "show my name and message on the supporters wall". */
  public: boolean;
  key: string;
}

export function readDonateForm(body: FormBody): DonateValues {
  return {
    frequency: field(body, 'frequency') === 'monthly' ? 'monthly' : 'once',
    preset: field(body, 'preset'),
    monthlyPreset: field(body, 'monthlyPreset'),
    customAmount: field(body, 'customAmount'),
    donorName: field(body, 'donorName'),
    donorEmail: field(body, 'donorEmail'),
    message: field(body, 'message'),
    anonymous: ['true', 'on', '1'].includes(field(body, 'anonymous')),
    public: ['true', 'on', '1'].includes(field(body, 'public')),
    key: field(body, 'key'),
  };
}

/**
 * The checkout API's request body from the form: the amount is a preset's minor units or the
 * custom amount parsed exactly (src/money); empty optional fields are left out, as the
 * script does. Range checks are the checkout's own, not repeated here.
 */
export function toCheckoutBody(v: DonateValues, currency: string): { body: Record<string, unknown>; problems: FormProblems } {
  const problems = noProblems();
  let amount: number | null = null;
  // Each frequency has its own presets (and its own "Other"); the typed amount is shared.
  const preset = v.frequency === 'monthly' ? v.monthlyPreset : v.preset;
  if (preset && preset !== 'other') amount = /^\d{1,15}$/.test(preset) ? Number(preset) : null;
  else if (!v.customAmount) addProblem(problems, 'amount', 'amount is required: choose one or enter your own');
  else amount = parseMoney(v.customAmount, currency);
  if (amount === null && !problems.fields.amount) {
    addProblem(problems, 'amount', 'amount must be a number such as 25.50, without the currency sign');
  }
  const body: Record<string, unknown> = { amount, anonymous: v.anonymous, public: v.public };
  if (v.frequency === 'monthly') body.frequency = 'monthly';
  for (const k of ['donorName', 'donorEmail', 'message'] as const) if (v[k]) body[k] = v[k];
  return { body, problems };
}
