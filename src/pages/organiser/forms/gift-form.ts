import { randomBytes } from 'node:crypto';
import { addProblem, FormProblems, noProblems } from '../../shared/field-errors';
import { field, FormBody } from '../../shared/validate-dto';
import { amountField, utcDateField } from './form-values';

export const GIFT_FIELDS = [
  'amount',
  'currency',
  'convertedAmount',
  'reference',
  'donorName',
  'note',
  'receivedAt',
  'message',
  'public',
  'country',
] as const;
export type GiftFormValues = Record<(typeof GIFT_FIELDS)[number], string>;

export function readGiftForm(body: FormBody): GiftFormValues {
  return Object.fromEntries(GIFT_FIELDS.map((f) => [f, field(body, f)])) as GiftFormValues;
}

/**
 * A fresh form carries a random reference: posting the same form twice (a double click, a
 * reload) records one gift, because the API treats a repeated reference as the same gift.
 */
export function blankGiftForm(currency: string): GiftFormValues {
  const day = new Date().toISOString().slice(0, 10);
  return {
    amount: '',
    currency,
    convertedAmount: '',
    reference: `gift-${day}-${randomBytes(3).toString('hex')}`,
    donorName: '',
    note: '',
    receivedAt: '',
    message: '',
    public: 'false',
    country: '',
  };
}

/** The API body for POST /api/appeals/:slug/donations, amounts in minor units. */
export function toGiftBody(v: GiftFormValues, appealCurrency: string): { body: Record<string, unknown>; problems: FormProblems } {
  const p = noProblems();
  const currency = v.currency || appealCurrency;
  if (!v.amount) addProblem(p, 'amount', 'amount is required');
  const body: Record<string, unknown> = {
    amount: amountField(p, 'amount', v.amount, currency),
    reference: v.reference,
    currency: currency === appealCurrency ? undefined : currency,
    convertedAmount: v.convertedAmount ? amountField(p, 'convertedAmount', v.convertedAmount, appealCurrency) : undefined,
    donorName: v.donorName || undefined,
    note: v.note || undefined,
    receivedAt: utcDateField(v.receivedAt) ?? undefined,
    message: v.message || undefined,
    public: v.public === 'true' ? true : undefined,
    country: v.country.trim() || undefined,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return { body, problems: p };
}
