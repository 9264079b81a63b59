import { parseMoney } from '../../money';
import { addProblem, FormProblems, noProblems } from '../shared/field-errors';
import { field, FormBody } from '../shared/validate-dto';
import { translator } from '../../wording/catalogs';
import { DEFAULT_LANGUAGE, type Language } from '../../wording/languages';
import { currencyInfo } from '../../money';

/** "25.50" (or "3000" where there are no decimals): what a typed amount looks like. */
export function exampleAmount(currency: string): string {
  const { exponent } = currencyInfo(currency);
  return exponent === 0 ? '3000' : `25.${'5'.padEnd(exponent, '0')}`;
}

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
  /** The page's language, carried by a hidden field so a re-shown form keeps it. */
  lang: string;
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
    lang: field(body, 'lang'),
  };
}

/**
 * The checkout API's request body from the form: the amount is a preset's minor units or the
 * custom amount parsed exactly (src/money); empty optional fields are left out, as the
 * script does. Range checks are the checkout's own, not repeated here.
 */
export function toCheckoutBody(
  v: DonateValues,
  currency: string,
  lang: Language = DEFAULT_LANGUAGE,
): { body: Record<string, unknown>; problems: FormProblems } {
  const t = translator(lang);
  const problems = noProblems();
  let amount: number | null = null;
  // Each frequency has its own presets (and its own "Other"); the typed amount is shared.
  const preset = v.frequency === 'monthly' ? v.monthlyPreset : v.preset;
  if (preset && preset !== 'other') amount = /^\d{1,15}$/.test(preset) ? Number(preset) : null;
  else if (!v.customAmount) addProblem(problems, 'amount', t('donate.amountRequired'));
  else amount = parseMoney(v.customAmount, currency);
  if (amount === null && !problems.fields.amount) {
    addProblem(problems, 'amount', t('donate.amountFormat', { example: exampleAmount(currency) }));
  }
  const body: Record<string, unknown> = { amount, anonymous: v.anonymous, public: v.public };
  if (v.frequency === 'monthly') body.frequency = 'monthly';
  for (const k of ['donorName', 'donorEmail', 'message'] as const) if (v[k]) body[k] = v[k];
  return { body, problems };
}
