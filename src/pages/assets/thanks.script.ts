/**
 * The thanks page: says "confirming your payment" until this donor's gift is counted. Every
 * progress event from the stream (the total moved, for anyone) is the cue to ask the server
 * about this checkout session; a slow timer covers a stream that cannot connect. The wording
 * comes from the server, so the page reads the same with or without this script.
 */
const THANKS_JS = String.raw`
var box = document.querySelector('[data-thanks]');
if (!box) return;
var statusUrl = box.getAttribute('data-status-url');
var text = box.querySelector('[data-status-text]');
var busy = false;

function pending() { return box.getAttribute('data-status') === 'pending'; }

function check() {
  if (!statusUrl || busy || !pending()) return;
  busy = true;
  fetch(statusUrl, { cache: 'no-store' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (s) {
      busy = false;
      if (!s || s.status === box.getAttribute('data-status')) return;
      box.setAttribute('data-status', s.status);
      text.textContent = s.text;
    })
    .catch(function () { busy = false; });
}

document.addEventListener('appeal-progress', check);
var timer = setInterval(function () { if (pending()) check(); else clearInterval(timer); }, 15000);
`;

export function thanksJs(): string {
  return ['(function () {', "'use strict';", THANKS_JS, '})();', ''].join('\n');
}
