import { SUPPORTED_CURRENCIES } from '../../../money';
import type { FormProblems } from '../../shared/field-errors';
import { Html, html } from '../../shared/html';
import type { GiftFormValues } from '../forms/gift-form';
import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import { csrfField, formErrors } from './chrome.view';
import { inputField, selectField, textareaField } from './fields.view';

const WALL_CHOICES = [
  { value: 'false', label: 'Anonymous' },
  { value: 'true', label: 'Show the donor name and public message (the donor agreed)' },
];
const CURRENCIES = SUPPORTED_CURRENCIES.map((c) => ({ value: c, label: c.toUpperCase() }));

/** Record a gift received outside Stripe (cash, a bank transfer). */
export function giftForm(slug: string, appealCurrency: string, v: GiftFormValues, p: FormProblems, s: OrganiserSession): Html {
  const common = { problems: p, idPrefix: 'gift-' };
  return html`<form method="post" action="/organiser/appeals/${slug}/gifts" novalidate aria-labelledby="gift-heading">
${csrfField(s)}
${formErrors(p.form, 'gift-form-error')}
<div class="row">
${inputField({ ...common, name: 'amount', label: 'Amount', value: v.amount, required: true, hint: 'In the currency below, e.g. 75 or 75.00.', extra: html` inputmode="decimal" autocomplete="off"` })}
${selectField({ ...common, name: 'currency', label: 'Currency', value: v.currency || appealCurrency, required: true }, CURRENCIES)}
${inputField({ ...common, name: 'convertedAmount', label: `Amount in ${appealCurrency.toUpperCase()}`, value: v.convertedAmount, hint: 'Only when the gift was in another currency: what it counts as.', extra: html` inputmode="decimal" autocomplete="off"` })}
</div>
<div class="row">
${inputField({ ...common, name: 'reference', label: 'Reference', value: v.reference, required: true, hint: 'Your reference (bank line, receipt no.). The same reference twice records one gift.', extra: html` maxlength="200" autocomplete="off"` })}
${inputField({ ...common, name: 'donorName', label: 'Donor name', value: v.donorName, extra: html` maxlength="200" autocomplete="off"` })}
${inputField({ ...common, name: 'receivedAt', label: 'Received (UTC)', value: v.receivedAt, type: 'datetime-local', hint: 'Empty: now.' })}
</div>
${textareaField({ ...common, name: 'note', label: 'Note', value: v.note, hint: 'For organisers only; never shown in public.', extra: html` maxlength="2000"` })}
<div class="row">
${selectField({ ...common, name: 'public', label: 'Supporters wall', value: v.public || 'false' }, WALL_CHOICES)}
${inputField({ ...common, name: 'country', label: 'Country', value: v.country, hint: 'Two-letter code, e.g. GB. Counts toward "from N countries".', extra: html` maxlength="2" autocomplete="off" spellcheck="false"` })}
</div>
${textareaField({ ...common, name: 'message', label: 'Public message', value: v.message, hint: "Shown on the wall only with the donor's agreement.", extra: html` maxlength="1000"` })}
<button type="submit">Record gift</button>
</form>`;
}
