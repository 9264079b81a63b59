import { exponentTables } from '../../widgets/embed-script';
import { CLIENT_FORMAT_JS } from '../../widgets/client/widget-format.client';

/**
 * Keeps every [data-live-progress] block on a page current from the progress stream, with the
 * widget's own formatting code (so the words match the widget and the server render exactly).
 * Each update is re-announced as a DOM event, 'appeal-progress', for the page's own script.
 *
 * A browser opens only about six HTTP/1.1 connections per host and every EventSource holds
 * one, so only the first MAX_STREAMS blocks stream; any others poll the cached JSON endpoint.
 */
const LIVE_JS = String.raw`
var MAX_STREAMS = 3;
var POLL_MS = 20000;

function q(root, name) { return root.querySelector('.aw-' + name); }

function show(root, view) {
  var locale = root.getAttribute('data-locale') || 'en-US';
  var t = widgetText(view, locale);
  q(root, 'amounts').textContent = t.amounts;
  q(root, 'donors').textContent = t.donors;
  q(root, 'percent').textContent = t.percent;
  var next = q(root, 'next');
  if (next) { next.hidden = !t.next; next.textContent = t.next || ''; }
  var bar = q(root, 'bar');
  bar.setAttribute('aria-valuenow', String(t.barPercent));
  bar.setAttribute('aria-valuetext', t.valueText);
  q(root, 'fill').style.width = t.barPercent + '%';
  root.setAttribute('data-version', String(view.version));
  root.setAttribute('data-raised', String(view.raised));
  document.dispatchEvent(new CustomEvent('appeal-progress', { detail: view }));
}

function url(slug, tail) { return '/api/appeals/' + encodeURIComponent(slug) + '/progress' + tail; }

function stream(root, slug, retry) {
  var es = new EventSource(url(slug, '/stream'));
  es.addEventListener('progress', function (e) {
    retry = 2000;
    try { show(root, JSON.parse(e.data)); } catch (err) { /* a malformed frame: wait for the next */ }
  });
  es.addEventListener('gone', function () { es.close(); });
  es.onerror = function () {
    // EventSource retries dropped connections itself but gives up on a non-200 answer.
    if (es.readyState !== 2) return;
    setTimeout(function () { stream(root, slug, Math.min(retry * 2, 60000)); }, retry);
  };
}

function poll(root, slug) {
  fetch(url(slug, ''), { cache: 'no-cache' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (view) { if (view) show(root, view); })
    .catch(function () { /* try again next round */ })
    .then(function () { setTimeout(function () { poll(root, slug); }, POLL_MS); });
}

var blocks = document.querySelectorAll('[data-live-progress]');
for (var i = 0; i < blocks.length; i++) {
  var slug = blocks[i].getAttribute('data-slug');
  if (!slug) continue;
  if (i < MAX_STREAMS) stream(blocks[i], slug, 2000);
  else setTimeout(poll.bind(null, blocks[i], slug), POLL_MS);
}
`;

export function liveProgressJs(): string {
  const { zero, three } = exponentTables();
  return [
    '(function () {', "'use strict';",
    `var ZERO_DECIMAL = ${JSON.stringify(zero)};`,
    `var THREE_DECIMAL = ${JSON.stringify(three)};`,
    CLIENT_FORMAT_JS, LIVE_JS, '})();', '',
  ].join('\n');
}
