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
/* While a block's stream is refused (429/503 over the stream caps) or down, it polls faster. */
var FALLBACK_POLL_MS = 5000;
/* A refused stream is tried again after about this long (its Retry-After), doubling each time. */
var STREAM_RETRY_MS = 30000;

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

/* Polls the cached JSON, revalidating with its ETag (a 304 costs the server almost nothing). */
function poller(root, slug, every) {
  var etag = null, timer = null, running = false;
  function tick() {
    fetch(url(slug, ''), { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} })
      .then(function (r) {
        if (r.status === 404) running = false;
        if (r.status !== 200) return null;
        etag = r.headers.get('ETag');
        return r.json();
      })
      .then(function (view) { if (view && running) show(root, view); })
      .catch(function () { /* try again next round */ })
      .then(function () { if (running) timer = setTimeout(tick, every); });
  }
  return {
    start: function (delay) { if (running) return; running = true; timer = setTimeout(tick, delay); },
    stop: function () { running = false; clearTimeout(timer); }
  };
}

function stream(root, slug) {
  var fallback = poller(root, slug, FALLBACK_POLL_MS);
  var retry = STREAM_RETRY_MS;
  (function connect() {
    var es = new EventSource(url(slug, '/stream'));
    es.addEventListener('progress', function (e) {
      retry = STREAM_RETRY_MS;
      fallback.stop();
      try { show(root, JSON.parse(e.data)); } catch (err) { /* a malformed frame: wait for the next */ }
    });
    es.addEventListener('gone', function () { es.close(); });
    es.onerror = function () {
      // EventSource retries dropped connections itself but gives up on a non-200 answer, such
      // as a refusal over the stream caps: poll meanwhile, and try the stream again later at a
      // random point, so that refused readers do not all come back at once.
      if (es.readyState !== 2) return;
      fallback.start(0);
      setTimeout(connect, retry * (0.5 + Math.random()));
      retry = Math.min(retry * 2, 300000);
    };
  })();
}

var blocks = document.querySelectorAll('[data-live-progress]');
for (var i = 0; i < blocks.length; i++) {
  var slug = blocks[i].getAttribute('data-slug');
  if (!slug) continue;
  if (i < MAX_STREAMS) stream(blocks[i], slug);
  else poller(blocks[i], slug, POLL_MS).start(POLL_MS);
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
