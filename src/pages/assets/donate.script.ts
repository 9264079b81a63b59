import { DONATE_FIELD_LABELS } from '../donate/donate-fields';

/**
 * The donate form in the browser: checks what the server checks (the currency's minimum and
 * step, the configured maximum, read from the form's data attributes, which the server fills
 * from src/money and AppConfig), then starts the checkout through the JSON API and follows the
 * returned URL. Without this script the form still posts to /donate/:slug and works.
 */
const DONATE_JS = String.raw`
var form = document.querySelector('form[data-donate]');
if (!form) return;
var cfg = form.dataset;
var exponent = Number(cfg.exponent), minimum = Number(cfg.minimum), step = Number(cfg.step), maximum = Number(cfg.maximum);
var custom = form.querySelector('#customAmount');
var other = form.querySelector('#preset-other');
var submit = form.querySelector('button[type=submit]');
var formError = document.getElementById('form-error');
var HUMAN_DECIMAL = /^(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;
var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/* Mirrors parseMoney in src/money: plain digits or grouped thousands, at most 'exponent' decimals. */
function parseAmount(text) {
  var m = HUMAN_DECIMAL.exec(text.trim());
  if (!m) return null;
  var fraction = m[2] || '';
  if (fraction.length > exponent) return null;
  while (fraction.length < exponent) fraction += '0';
  var digits = (m[1].replace(/,/g, '') + fraction).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return null;
  return Number(digits);
}

function chosenAmount() {
  var checked = form.querySelector('input[name=preset]:checked');
  if (checked && checked.value !== 'other') return { amount: Number(checked.value) };
  var text = custom.value;
  if (!text.trim()) return { problem: 'Choose an amount or enter your own.' };
  var amount = parseAmount(text);
  if (amount === null) return { problem: 'Enter an amount such as ' + cfg.example + ', without the currency sign.' };
  return { amount: amount };
}

/* Mirrors checkAmount in src/money: minimum, then step, then maximum. */
function amountProblem(amount) {
  if (amount < minimum) return 'The smallest gift we can take is ' + cfg.minimumText + '.';
  if (amount % step !== 0) return 'Amounts in ' + cfg.currency.toUpperCase() + ' must be a multiple of ' + cfg.stepText + '.';
  if (amount > maximum) return 'The largest gift we can take online is ' + cfg.maximumText + '.';
  return null;
}

function fieldOf(name) { return document.getElementById(name + '-error'); }

function clearErrors() {
  var shown = form.querySelectorAll('.error');
  for (var i = 0; i < shown.length; i++) shown[i].textContent = '';
  var invalid = form.querySelectorAll('[aria-invalid]');
  for (var j = 0; j < invalid.length; j++) invalid[j].removeAttribute('aria-invalid');
  formError.hidden = true;
  formError.textContent = '';
}

function showError(name, text) {
  var box = fieldOf(name);
  if (!box) return showFormError(text);
  box.textContent = box.textContent ? box.textContent + ' ' + text : text;
  var input = name === 'amount' ? form.querySelector('fieldset.amount') : form.querySelector('[name=' + name + ']');
  if (input) input.setAttribute('aria-invalid', 'true');
}

function showFormError(text) {
  formError.hidden = false;
  formError.textContent = text;
}

function focusFirstError() {
  var first = form.querySelector('[aria-invalid=true]');
  if (!first) { formError.focus(); return; }
  if (first.tagName === 'FIELDSET') first = custom;
  first.focus();
}

var LABELS = ${JSON.stringify(DONATE_FIELD_LABELS)};
function showServerMessages(messages) {
  for (var i = 0; i < messages.length; i++) {
    var m = /^([A-Za-z]+)\s/.exec(messages[i]);
    var field = m && LABELS[m[1]] ? m[1] : null;
    var text = field ? LABELS[field] + messages[i].slice(field.length) : messages[i];
    if (field) showError(field, text); else showFormError(text);
  }
}

function clientProblems(payload) {
  var found = false;
  var a = chosenAmount();
  var problem = a.problem || amountProblem(a.amount);
  if (problem) { showError('amount', problem); found = true; }
  payload.amount = a.amount;
  var email = form.elements.donorEmail.value.trim();
  if (email && !EMAIL.test(email)) { showError('donorEmail', 'Enter an e-mail address such as name@example.org.'); found = true; }
  return found;
}

function payloadOf() {
  var p = { anonymous: form.elements.anonymous.checked };
  ['donorName', 'donorEmail', 'message'].forEach(function (name) {
    var v = form.elements[name].value.trim();
    if (v) p[name] = v;
  });
  return p;
}

function randomKey() {
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
}

function failed(status, body) {
  var messages = body && body.message ? [].concat(body.message) : [];
  if (status === 400 && messages.length) return showServerMessages(messages);
  if (status === 429) return showFormError('Too many attempts from your connection. Please wait a minute and try again.');
  if (status === 404) return showFormError('This appeal is no longer available.');
  showFormError(messages.length ? messages.join(' ') : 'We could not start the payment. Please try again.');
}

function send(payload) {
  submit.disabled = true;
  fetch(cfg.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomKey() },
    body: JSON.stringify(payload)
  }).then(function (res) {
    return res.json().catch(function () { return null; }).then(function (body) {
      // 201: a checkout to pay; 200: this gift is already paid and url is the thanks page.
      if ((res.status === 201 || res.status === 200) && body && body.url) { location.assign(body.url); return; }
      submit.disabled = false;
      failed(res.status, body);
      focusFirstError();
    });
  }).catch(function () {
    submit.disabled = false;
    showFormError('We could not reach the server. Check your connection and try again.');
    focusFirstError();
  });
}

custom.addEventListener('input', function () { if (custom.value.trim()) other.checked = true; });
form.addEventListener('change', function (e) {
  if (e.target.name === 'preset' && e.target.value !== 'other') custom.value = '';
});
form.addEventListener('submit', function (e) {
  e.preventDefault();
  if (submit.disabled) return;
  clearErrors();
  var payload = payloadOf();
  if (clientProblems(payload)) { focusFirstError(); return; }
  send(payload);
});
`;

export function donateJs(): string {
  return ['(function () {', "'use strict';", DONATE_JS, '})();', ''].join('\n');
}
