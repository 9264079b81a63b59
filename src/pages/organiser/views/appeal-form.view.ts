import { APPEAL_STATUSES } from '../../../appeals/appeal.entity';
import { SUPPORTED_CURRENCIES } from '../../../money';
import type { FormProblems } from '../../shared/field-errors';
import { Html, html } from '../../shared/html';
import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import type { AppealFormValues } from '../forms/appeal-form';
import { csrfField, formErrors } from './chrome.view';
import { inputField, selectField, textareaField } from './fields.view';

export interface AppealFormModel {
  mode: 'create' | 'update';
  values: AppealFormValues;
  problems: FormProblems;
  session: OrganiserSession;
}

const CURRENCIES = SUPPORTED_CURRENCIES.map((c) => ({ value: c, label: c.toUpperCase() }));
const STATUSES = APPEAL_STATUSES.map((s) => ({
  value: s,
  label: s === 'draft' ? 'Draft (not public)' : s === 'active' ? 'Active (takes gifts)' : 'Closed',
}));

const MONTHLY_CHOICES = [
  { value: 'true', label: 'Offered on the donate page' },
  { value: 'false', label: 'Not offered (one-off gifts only)' },
];

const SHOW_AMOUNTS = [
  { value: 'true', label: "Show each gift's amount" },
  { value: 'false', label: 'Hide amounts (names and messages only)' },
];

export function appealFormBody(m: AppealFormModel): Html {
  const { values: v, problems: p } = m;
  const create = m.mode === 'create';
  const action = create ? '/organiser/appeals' : `/organiser/appeals/${v.slug}`;
  const amount = (
    name: 'target' | 'stretchTargets' | 'presetAmounts' | 'monthlyPresetAmounts',
    label: string,
    hint: string,
    required = false,
  ) => inputField({ name, label, value: v[name], problems: p, hint, required, extra: html` inputmode="decimal" autocomplete="off"` });
  return html`<h1>${create ? 'New appeal' : html`Edit “${v.title}”`}</h1>
<form class="card" method="post" action="${action}" novalidate>
${csrfField(m.session)}
${formErrors(p.form)}
${create ? inputField({ name: 'slug', label: 'Slug', value: v.slug, problems: p, required: true, hint: 'Part of every link and embed: lower-case letters, digits and hyphens. It cannot change later.', extra: html` autocomplete="off" spellcheck="false" maxlength="64"` }) : html`<p><strong>Slug:</strong> <code>${v.slug}</code> (cannot change)</p>`}
${inputField({ name: 'title', label: 'Title', value: v.title, problems: p, required: true, extra: html` maxlength="200"` })}
${textareaField({ name: 'description', label: 'Description', value: v.description, problems: p, extra: html` maxlength="5000"` })}
<div class="row">
${selectField({ name: 'currency', label: 'Currency', value: v.currency, problems: p, required: true }, CURRENCIES)}
${amount('target', 'Target', 'In the currency, e.g. 10,000 or 10000.00.', true)}
${selectField({ name: 'status', label: 'Status', value: v.status, problems: p, required: true }, STATUSES)}
</div>
<div class="row">
${inputField({ name: 'startsAt', label: 'Opens (UTC)', value: v.startsAt, problems: p, type: 'datetime-local', hint: 'Empty: open as soon as it is active.' })}
${inputField({ name: 'endsAt', label: 'Closes (UTC)', value: v.endsAt, problems: p, type: 'datetime-local', hint: 'Empty: no closing date.' })}
</div>
${amount('stretchTargets', 'Stretch targets', 'Increasing amounts above the target, separated by spaces or ", ".')}
${amount('presetAmounts', 'Preset amounts on the donate page', 'Up to 6 amounts, separated by spaces or ", ". Empty: sensible defaults for the currency.')}
${selectField({ name: 'monthlyEnabled', label: 'Monthly gifts', value: v.monthlyEnabled, problems: p, hint: 'Whether donors may choose to give the same amount every month.' }, MONTHLY_CHOICES)}
${amount('monthlyPresetAmounts', 'Preset amounts for monthly gifts', 'Up to 6 amounts, separated by spaces or ", ". Empty: sensible defaults for the currency.')}
];

${selectField({ name: 'showAmounts', label: 'Amounts on the supporters wall', value: v.showAmounts, problems: p }, SHOW_AMOUNTS)}
<div class="actions"><button type="submit">${create ? 'Create appeal' : 'Save changes'}</button>
<a href="${create ? '/organiser' : `/organiser/appeals/${v.slug}`}">Cancel</a></div>
</form>`;
}
