import { isSupportedCurrency, parseMoney, toDecimalString } from '../../../money';
import { addProblem, FormProblems } from '../../shared/field-errors';

/**
 * Dashboard forms take amounts in major units ("10,000.00") and dates as UTC date-times
 * (datetime-local inputs, labelled UTC): the API's minor units and ISO 8601 are converted here,
 * exactly (src/money), and the API's own DTOs then judge the result.
 */
export function amountField(p: FormProblems, name: string, text: string, currency: string): number | undefined {
  if (!text || !isSupportedCurrency(currency)) return undefined;
  const minor = parseMoney(text, currency);
  if (minor === null) addProblem(p, name, `${name} must be an amount such as 100 or 1,250.50, without the currency sign`);
  return minor ?? undefined;
}

/** "10, 25, 50" or "1,000 2,500": amounts are separated by spaces, semicolons or ", ". */
export function amountListField(p: FormProblems, name: string, text: string, currency: string): number[] | undefined {
  if (!isSupportedCurrency(currency)) return undefined;
  const parts = text.split(/\s*;\s*|,\s+|\s+/).filter(Boolean);
  const out: number[] = [];
  for (const part of parts) {
    const minor = parseMoney(part, currency);
    if (minor === null) {
      addProblem(p, name, `${name}: "${part}" is not an amount (separate amounts with spaces or ", ")`);
      return undefined;
    }
    out.push(minor);
  }
  return out;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;

/** A datetime-local value read as UTC; '' is "no date" (null); anything else goes to the DTO as typed. */
export function utcDateField(text: string): string | null {
  if (!text) return null;
  const m = LOCAL_DATE_TIME.exec(text);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}Z` : text;
}

/** A date as a datetime-local input shows it, in UTC. */
export function toLocalInput(d: Date | null): string {
  return d ? d.toISOString().slice(0, 16) : '';
}

export function decimalText(minor: number, currency: string): string {
  return toDecimalString(minor, currency);
}
