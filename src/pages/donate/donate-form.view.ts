import type { Appeal } from '../../appeals/appeal.entity';
import type { ProgressView } from '../../progress/progress-view';
import type { FormProblems } from '../shared/field-errors';
import { attr, Html, html } from '../shared/html';
import { progressBlock } from '../shared/progress-block';
import type { DonateValues } from './donate-form';
import { EMAIL_MAX, humanizeMessage, MESSAGE_MAX, NAME_MAX } from '../../wording/donate-fields';
import { translator, type Translate } from '../../wording/catalogs';
import type { Language } from '../../wording/languages';
import { frequencyWords } from '../../wording/monthly';
import type { SupportersPage } from '../../donations/supporters';
import { supportersSection } from './supporters.view';

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
  lang: Language;
  supporters: SupportersPage;
}

function errorsFor(problems: FormProblems, name: string, lang: Language): Html {
  return html`<p class="error" id="${name}-error">${(problems.fields[name] ?? []).map((m) => humanizeMessage(m, lang)).join(' ')}</p>`;
}

const invalid = (problems: FormProblems, name: string) => attr('aria-invalid', problems.fields[name] ? 'true' : null);

/** One frequency's one-click amounts and its own "Other"; `name` is preset or monthlyPreset. */
function presetGroup(
  presets: DonateFormModel['presets'],
  name: 'preset' | 'monthlyPreset',
  chosen: string,
  css: string,
  other: string,
): Html {
  const id = name === 'preset' ? 'preset' : 'monthly-preset';
  const radios = presets.map(
    (p) =>
      html`<label><input type="radio" name="${name}" id="${id}-${p.amount}" value="${p.amount}"${attr('checked', chosen === String(p.amount))}><span>${p.label}</span></label>`,
  );
  return html`<div class="presets ${css}">
${radios}
<label><input type="radio" name="${name}" id="${id}-other" value="other"${attr('checked', chosen === 'other')}><span>${other}</span></label>
</div>`;
}

function amountFieldset(m: DonateFormModel, t: Translate): Html {
  const { values: v, rules: r, problems } = m;
  return html`<fieldset class="amount"${invalid(problems, 'amount')} aria-describedby="amount-hint amount-error">
<legend>${t('fields.amount')}</legend>
${presetGroup(m.presets, 'preset', v.preset, 'presets-once', t('donate.other'))}
${m.monthlyEnabled ? presetGroup(m.monthlyPresets, 'monthlyPreset', v.monthlyPreset, 'presets-monthly', t('donate.other')) : ''}
<label for="customAmount">${t('donate.otherAmount', { currency: r.currency.toUpperCase() })}</label>
<p class="hint" id="amount-hint">${t('donate.amountHint', { minimum: r.minimumText, maximum: r.maximumText })}</p>
<input type="text" id="customAmount" name="customAmount" inputmode="decimal" autocomplete="off" value="${v.customAmount}" aria-describedby="amount-hint amount-error">
${errorsFor(problems, 'amount', m.lang)}
</fieldset>`;
}

/**
 * Once or monthly, as plain radio buttons (keyboard: arrows move between them). Which presets
 * show follows the checked one through CSS alone (pages.css, :has), so it works without script.
 */
function frequencyFieldset(m: DonateFormModel): Html {
  if (!m.monthlyEnabled) return html``;
  const monthly = m.values.frequency === 'monthly';
  const w = frequencyWords(m.lang);
  return html`<fieldset class="frequency" aria-describedby="frequency-hint">
<legend>${w.legend}</legend>
<div class="presets frequency-choice">
<label><input type="radio" name="frequency" id="frequency-once" value="once"${attr('checked', !monthly)}><span>${w.once}</span></label>
<label><input type="radio" name="frequency" id="frequency-monthly" value="monthly"${attr('checked', monthly)}><span>${w.monthly}</span></label>
</div>
<p class="hint monthly-only" id="frequency-hint">${w.hint}</p>
</fieldset>`;
}

function textField(m: DonateFormModel, t: Translate, name: 'donorName' | 'donorEmail', label: string, extra: Html, hint?: string): Html {
  const described = hint ? `${name}-hint ${name}-error` : `${name}-error`;
  return html`<div class="field">
<label for="${name}">${label} <span class="muted">${t('donate.optional')}</span></label>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
<input id="${name}" name="${name}" value="${m.values[name]}"${extra}${invalid(m.problems, name)} aria-describedby="${described}">
${errorsFor(m.problems, name, m.lang)}
</div>`;
}

function formError(problems: FormProblems, lang: Language): Html {
  const items = problems.form.map((p) => html`<li>${humanizeMessage(p, lang)}</li>`);
  return html`<div id="form-error" class="form-error" role="alert" tabindex="-1"${attr('hidden', !items.length)}>${items.length ? html`<ul>${items}</ul>` : ''}</div>`;
}

function dataAttributes(m: DonateFormModel): Html {
  const r = m.rules;
  return html` data-donate data-endpoint="/api/appeals/${m.appeal.slug}/checkout" data-currency="${r.currency}" data-exponent="${r.exponent}" data-minimum="${r.minimum}" data-step="${r.step}" data-maximum="${r.maximum}" data-minimum-text="${r.minimumText}" data-step-text="${r.stepText}" data-maximum-text="${r.maximumText}" data-example="${r.example}"`;
}

export function donateForm(m: DonateFormModel, sandbox: boolean): Html {
  const v = m.values;
  const t = translator(m.lang);
  return html`<form class="card" method="post" action="/donate/${m.appeal.slug}?lang=${m.lang}" novalidate${dataAttributes(m)}>
<h2>${t('donate.yourGift')}</h2>
${formError(m.problems, m.lang)}
<input type="hidden" name="key" value="${v.key}">
<input type="hidden" name="lang" value="${m.lang}">
${frequencyFieldset(m)}
${amountFieldset(m, t)}
${textField(m, t, 'donorName', t('fields.donorName'), html` type="text" maxlength="${NAME_MAX}" autocomplete="name"`, t('donate.nameHint'))}
${textField(m, t, 'donorEmail', t('fields.donorEmail'), html` type="email" maxlength="${EMAIL_MAX}" autocomplete="email" inputmode="email"`, t('donate.emailHint'))}
<div class="field">
<label for="message">${t('fields.message')} <span class="muted">${t('donate.optional')}</span></label>
<textarea id="message" name="message" maxlength="${MESSAGE_MAX}" rows="3"${invalid(m.problems, 'message')} aria-describedby="message-error">${v.message}</textarea>
${errorsFor(m.problems, 'message', m.lang)}
</div>
<div class="field">
<label class="check" for="public"><input type="checkbox" id="public" name="public" value="true"${attr('checked', v.public)}${invalid(m.problems, 'public')} aria-describedby="public-error"> ${t('donate.publicConsent')}</label>
${errorsFor(m.problems, 'public', m.lang)}
</div>
<div class="field">
<label class="check" for="anonymous"><input type="checkbox" id="anonymous" name="anonymous" value="true"${attr('checked', v.anonymous)}${invalid(m.problems, 'anonymous')} aria-describedby="anonymous-error"> ${t('donate.anonymousHint')}</label>
${errorsFor(m.problems, 'anonymous', m.lang)}
</div>
<button type="submit" class="wide">${t('donate.continue')}</button>
<p class="hint">${t('donate.paysOn', { sandbox: sandbox ? 'yes' : 'no' })}</p>
</form>`;
}

export function appealHeader(
  appeal: Appeal,
  progress: ProgressView,
  live: boolean,
  heading: 'h1' | 'h2' = 'h1',
  lang: Language = 'en',
): Html {
  return html`<article class="card">
${heading === 'h1' ? html`<h1>${appeal.title}</h1>` : html`<h2>${appeal.title}</h2>`}
${appeal.description ? html`<p class="lead">${appeal.description}</p>` : ''}
${progressBlock(progress, { live, lang })}
</article>`;
}

export function donatePageBody(m: DonateFormModel, sandbox: boolean): Html {
  return html`${appealHeader(m.appeal, m.progress, true, 'h1', m.lang)}
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${donateForm(m, sandbox)}
${supportersSection(m.appeal.slug, m.supporters, m.lang)}`;
}
