/**
 * The donate form in the browser: checks what the server checks (the currency's minimum and
 * step, the configured maximum, read from the form's data attributes, which the server fills
 * from src/money and AppConfig; amounts parsed by src/money's own parseMoney), then starts the
 * checkout through the JSON API and follows the returned URL. Without this script the form
 * still posts to /donate/:slug and works.
 */
import { parseMoney } from '../../money';
import { humanizeMessage } from '../../wording/donate-fields';

/** The data-* attributes the server writes on the form (donate-form.view.ts). */
interface DonateSettings {
  endpoint: string;
  currency: string;
  minimum: number;
  step: number;
  maximum: number;
  minimumText: string;
  stepText: string;
  maximumText: string;
  example: string;
}

interface DonateElements extends HTMLFormControlsCollection {
  donorName: HTMLInputElement;
  donorEmail: HTMLInputElement;
  message: HTMLTextAreaElement;
  anonymous: HTMLInputElement;
  public: HTMLInputElement;
}

interface Payload {
  amount?: number;
  frequency?: 'monthly';
  anonymous: boolean;
  public: boolean;
  donorName?: string;
  donorEmail?: string;
  message?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const form = document.querySelector<HTMLFormElement>('form[data-donate]');
if (form) wire(form);

function settingsOf(form: HTMLFormElement): DonateSettings {
  const d = form.dataset;
  return {
    endpoint: d.endpoint ?? '',
    currency: d.currency ?? '',
    minimum: Number(d.minimum),
    step: Number(d.step),
    maximum: Number(d.maximum),
    minimumText: d.minimumText ?? '',
    stepText: d.stepText ?? '',
    maximumText: d.maximumText ?? '',
    example: d.example ?? '',
  };
}

function wire(form: HTMLFormElement): void {
  const cfg = settingsOf(form);
  const fields = form.elements as DonateElements;
  const custom = form.querySelector<HTMLInputElement>('#customAmount')!;
  const monthly = (): boolean => !!form.querySelector<HTMLInputElement>('#frequency-monthly:checked');
  /* Each frequency has its own presets and its own "Other" (donate-form.view.ts). */
  const presetName = (): string => (monthly() ? 'monthlyPreset' : 'preset');
  const other = (): HTMLInputElement | null => form.querySelector<HTMLInputElement>(monthly() ? '#monthly-preset-other' : '#preset-other');
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const formError = document.getElementById('form-error')!;
  // "Show my name" and "Give anonymously" contradict each other; the server lets anonymous win.
  fields.public.addEventListener('change', () => fields.public.checked && (fields.anonymous.checked = false));
  fields.anonymous.addEventListener('change', () => fields.anonymous.checked && (fields.public.checked = false));

  function chosenAmount(): { amount: number } | { problem: string } {
    const checked = form.querySelector<HTMLInputElement>(`input[name=${presetName()}]:checked`);
    if (checked && checked.value !== 'other') return { amount: Number(checked.value) };
    if (!custom.value.trim()) return { problem: 'Choose an amount or enter your own.' };
    const amount = parseMoney(custom.value, cfg.currency);
    if (amount === null) return { problem: `Enter an amount such as ${cfg.example}, without the currency sign.` };
    return { amount };
  }

  /* The order of checkAmount in src/money: minimum, then step, then maximum. */
  function amountProblem(amount: number): string | null {
    if (amount < cfg.minimum) return `The smallest gift we can take is ${cfg.minimumText}.`;
    if (amount % cfg.step !== 0) return `Amounts in ${cfg.currency.toUpperCase()} must be a multiple of ${cfg.stepText}.`;
    if (amount > cfg.maximum) return `The largest gift we can take online is ${cfg.maximumText}.`;
    return null;
  }

  function clearErrors(): void {
    form.querySelectorAll('.error').forEach((shown) => {
      shown.textContent = '';
    });
    form.querySelectorAll('[aria-invalid]').forEach((invalid) => invalid.removeAttribute('aria-invalid'));
    formError.hidden = true;
    formError.textContent = '';
  }

  function showFormError(text: string): void {
    formError.hidden = false;
    formError.textContent = text;
  }

  function showError(name: string, text: string): void {
    const box = document.getElementById(`${name}-error`);
    if (!box) return showFormError(text);
    box.textContent = box.textContent ? `${box.textContent} ${text}` : text;
    const input = name === 'amount' ? form.querySelector('fieldset.amount') : form.querySelector(`[name=${name}]`);
    input?.setAttribute('aria-invalid', 'true');
  }

  function focusFirstError(): void {
    const first = form.querySelector<HTMLElement>('[aria-invalid=true]');
    if (!first) {
      formError.focus();
      return;
    }
    (first.tagName === 'FIELDSET' ? custom : first).focus();
  }

  /* An API message names its field first ("donorEmail must be ..."): shown beside that field. */
  function showServerMessages(messages: string[]): void {
    for (const message of messages) {
      const field = /^([A-Za-z]+)\s/.exec(message)?.[1];
      const text = humanizeMessage(message);
      if (field && text !== message) showError(field, text);
      else showFormError(text);
    }
  }

  function clientProblems(payload: Payload): boolean {
    let found = false;
    const a = chosenAmount();
    const problem = 'problem' in a ? a.problem : amountProblem(a.amount);
    if (problem) {
      showError('amount', problem);
      found = true;
    }
    if ('amount' in a) payload.amount = a.amount;
    const email = fields.donorEmail.value.trim();
    if (email && !EMAIL.test(email)) {
      showError('donorEmail', 'Enter an e-mail address such as name@example.org.');
      found = true;
    }
    return found;
  }

  function payloadOf(): Payload {
    const p: Payload = { anonymous: fields.anonymous.checked, public: fields.public.checked };
    if (monthly()) p.frequency = 'monthly';
    for (const name of ['donorName', 'donorEmail', 'message'] as const) {
      const v = fields[name].value.trim();
      if (v) p[name] = v;
    }
    return p;
  }

  function failed(status: number, body: { message?: string | string[] } | null): void {
    const messages = body?.message === undefined ? [] : ([] as string[]).concat(body.message);
    if (status === 400 && messages.length) return showServerMessages(messages);
    if (status === 429) return showFormError('Too many attempts from your connection. Please wait a minute and try again.');
    if (status === 404) return showFormError('This appeal is no longer available.');
    showFormError(messages.length ? messages.join(' ') : 'We could not start the payment. Please try again.');
  }

  function send(payload: Payload): void {
    submit.disabled = true;
    fetch(cfg.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomKey() },
      body: JSON.stringify(payload),
    })
      .then(async (res) => {
        const body = (await res.json().catch(() => null)) as { url?: string; message?: string | string[] } | null;
        // 201: a checkout to pay; 200: this gift is already paid and url is the thanks page.
        if ((res.status === 201 || res.status === 200) && body?.url) {
          location.assign(body.url);
          return;
        }
        submit.disabled = false;
        failed(res.status, body);
        focusFirstError();
      })
      .catch(() => {
        submit.disabled = false;
        showFormError('We could not reach the server. Check your connection and try again.');
        focusFirstError();
      });
  }

  custom.addEventListener('input', () => {
    const box = other();
    if (custom.value.trim() && box) box.checked = true;
  });
  form.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if ((target.name === 'preset' || target.name === 'monthlyPreset') && target.value !== 'other') custom.value = '';
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    clearErrors();
    const payload = payloadOf();
    if (clientProblems(payload)) {
      focusFirstError();
      return;
    }
    send(payload);
  });
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
