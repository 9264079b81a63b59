import type { Appeal } from '../../appeals/appeal.entity';
import type { ProgressView } from '../../progress/progress-view';
import type { FormProblems } from '../shared/field-errors';
import { attr, Html, html } from '../shared/html';
import { progressBlock } from '../shared/progress-block';
import type { DonateValues } from './donate-form';
import { EMAIL_MAX, humanizeMessage, MESSAGE_MAX, NAME_MAX } from '../../wording/donate-fields';
import { FREQUENCY_LEGEND, FREQUENCY_MONTHLY, FREQUENCY_ONCE, MONTHLY_HINT } from '../../wording/monthly';
import type { SupportersPage } from '../../donations/supporters';
import { supportersSection } from './supporters.view';
import { ANONYMOUS_LABEL, NAME_HINT, PUBLIC_CONSENT_LABEL } from '../../wording/supporters';

/** The checkout's limits for this appeal, as the browser script needs them. */
export interface AmountRules {
  currency: string;
  exponent: number;
  minimum: number;
  step: number;
  maximum: number;
  minimumText: string;
  stepText: string;
  maximumText: string;
  example: string;
}

export interface DonateFormModel {
  appeal: Appeal;
  progress: ProgressView;
  presets: Array<{ amount: number; label: string }>;
  /** Monthly choices; empty when the appeal takes no monthly gifts (no choice of frequency shown). */
  monthlyPresets: Array<{ amount: number; label: string }>;
  monthlyEnabled: boolean;
  rules: AmountRules;
  values: DonateValues;
  problems: FormProblems;
  notice: string | null;
  supporters: SupportersPage;
}

function errorsFor(problems: FormProblems, name: string): Html {
  return html`<p class="error" id="${name}-error">${(problems.fields[name] ?? []).map(humanizeMessage).join(' ')}</p>`;
}

const invalid = (problems: FormProblems, name: string) => attr('aria-invalid', problems.fields[name] ? 'true' : null);

/** One frequency's one-click amounts and its own "Other"; `name` is preset or monthlyPreset. */
function presetGroup(presets: DonateFormModel['presets'], name: 'preset' | 'monthlyPreset', chosen: string, css: string): Html {
  const id = name === 'preset' ? 'preset' : 'monthly-preset';
  const radios = presets.map(
    (p) =>
      html`<label><input type="radio" name="${name}" id="${id}-${p.amount}" value="${p.amount}"${attr('checked', chosen === String(p.amount))}><span>${p.label}</span></label>`,
  );
  return html`<div class="presets ${css}">
${radios}
<label><input type="radio" name="${name}" id="${id}-other" value="other"${attr('checked', chosen === 'other')}><span>Other</span></label>
</div>`;
}

function amountFieldset(m: DonateFormModel): Html {
  const { values: v, rules: r, problems } = m;
  return html`<fieldset class="amount"${invalid(problems, 'amount')} aria-describedby="amount-hint amount-error">
<legend>Amount</legend>
${presetGroup(m.presets, 'preset', v.preset, 'presets-once')}
${m.monthlyEnabled ? presetGroup(m.monthlyPresets, 'monthlyPreset', v.monthlyPreset, 'presets-monthly') : ''}
<label for="customAmount">Other amount (${r.currency.toUpperCase()})</label>
<p class="hint" id="amount-hint">Any amount from ${r.minimumText} to ${r.maximumText}.</p>
<input type="text" id="customAmount" name="customAmount" inputmode="decimal" autocomplete="off" value="${v.customAmount}" aria-describedby="amount-hint amount-error">
${errorsFor(problems, 'amount')}
</fieldset>`;
}

/**
 * Once or monthly, as plain radio buttons (keyboard: arrows move between them). Which presets
 * show follows the checked one through CSS alone (pages.css, :has), so it works without script.
 */
function frequencyFieldset(m: DonateFormModel): Html {
  if (!m.monthlyEnabled) return html``;
  const monthly = m.values.frequency === 'monthly';
  return html`<fieldset class="frequency" aria-describedby="frequency-hint">
<legend>${FREQUENCY_LEGEND}</legend>
<div class="presets frequency-choice">
<label><input type="radio" name="frequency" id="frequency-once" value="once"${attr('checked', !monthly)}><span>${FREQUENCY_ONCE}</span></label>
<label><input type="radio" name="frequency" id="frequency-monthly" value="monthly"${attr('checked', monthly)}><span>${FREQUENCY_MONTHLY}</span></label>
</div>
<p class="hint monthly-only" id="frequency-hint">${MONTHLY_HINT}</p>
</fieldset>`;
}

function textField(m: DonateFormModel, name: 'donorName' | 'donorEmail', label: string, extra: Html, hint?: string): Html {
  const described = hint ? `${name}-hint ${name}-error` : `${name}-error`;
  return html`<div class="field">
<label for="${name}">${label} <span class="muted">(optional)</span></label>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
<input id="${name}" name="${name}" value="${m.values[name]}"${extra}${invalid(m.problems, name)} aria-describedby="${described}">
${errorsFor(m.problems, name)}
</div>`;
}

function formError(problems: FormProblems): Html {
  const items = problems.form.map((p) => html`<li>${humanizeMessage(p)}</li>`);
  return html`<div id="form-error" class="form-error" role="alert" tabindex="-1"${attr('hidden', !items.length)}>${items.length ? html`<ul>${items}</ul>` : ''}</div>`;
}

function dataAttributes(m: DonateFormModel): Html {
  const r = m.rules;
  return html` data-donate data-endpoint="/api/appeals/${m.appeal.slug}/checkout" data-currency="${r.currency}" data-exponent="${r.exponent}" data-minimum="${r.minimum}" data-step="${r.step}" data-maximum="${r.maximum}" data-minimum-text="${r.minimumText}" data-step-text="${r.stepText}" data-maximum-text="${r.maximumText}" data-example="${r.example}"`;
}

export function donateForm(m: DonateFormModel, sandbox: boolean): Html {
  const v = m.values;
  return html`<form class="card" method="post" action="/donate/${m.appeal.slug}" novalidate${dataAttributes(m)}>
<h2>Your gift</h2>
${formError(m.problems)}
<input type="hidden" name="key" value="${v.key}">
${frequencyFieldset(m)}
${amountFieldset(m)}
${textField(m, 'donorName', 'Name', html` type="text" maxlength="${NAME_MAX}" autocomplete="name"`, NAME_HINT)}
${textField(m, 'donorEmail', 'E-mail', html` type="email" maxlength="${EMAIL_MAX}" autocomplete="email" inputmode="email"`, 'For your receipt. Never shown publicly.')}
<div class="field">
<label for="message">Message <span class="muted">(optional)</span></label>
<textarea id="message" name="message" maxlength="${MESSAGE_MAX}" rows="3"${invalid(m.problems, 'message')} aria-describedby="message-error">${v.message}</textarea>
${errorsFor(m.problems, 'message')}
</div>
<div class="field">
<label class="check" for="public"><input type="checkbox" id="public" name="public" value="true"${attr('checked', v.public)}${invalid(m.problems, 'public')} aria-describedby="public-error"> ${PUBLIC_CONSENT_LABEL}</label>
${errorsFor(m.problems, 'public')}
</div>
<div class="field">
<label class="check" for="anonymous"><input type="checkbox" id="anonymous" name="anonymous" value="true"${attr('checked', v.anonymous)}${invalid(m.problems, 'anonymous')} aria-describedby="anonymous-error"> ${ANONYMOUS_LABEL}</label>
${errorsFor(m.problems, 'anonymous')}
</div>
<button type="submit" class="wide">Continue to payment</button>
<p class="hint">You pay on ${sandbox ? "the Stripe sandbox's test page" : "Stripe's secure checkout page"}; card details never reach this site.</p>
</form>`;
}

export function appealHeader(appeal: Appeal, progress: ProgressView, live: boolean, heading: 'h1' | 'h2' = 'h1'): Html {
  return html`<article class="card">
${heading === 'h1' ? html`<h1>${appeal.title}</h1>` : html`<h2>${appeal.title}</h2>`}
${appeal.description ? html`<p class="lead">${appeal.description}</p>` : ''}
${progressBlock(progress, { live })}
</article>`;
}

export function donatePageBody(m: DonateFormModel, sandbox: boolean): Html {
  return html`${appealHeader(m.appeal, m.progress, true)}
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${donateForm(m, sandbox)}
${supportersSection(m.appeal.slug, m.supporters)}`;
}
