/**
 * Browser-side widget, shipped inside /widgets/embed.js after CLIENT_FORMAT_JS, with CSS and
 * RULE defined before it. Two modes:
 * - on the iframe page (/widgets/:slug) it updates the server-rendered markup from the stream
 *   and posts the page height to the parent;
 * - on a host page it fills every <div data-appeal="slug"> with a widget inside a Shadow DOM
 *   (host styles neither leak in nor out), one EventSource per appeal shared by its widgets.
 * Everything is built with DOM calls and textContent (no innerHTML, so Trusted Types hosts are
 * fine) and styled through a constructed stylesheet (not subject to the host's style-src). If
 * the host's CSP forbids connecting to us (no connect-src for our origin), each widget becomes
 * an iframe of /widgets/:slug, which needs only frame-src.
 */
export const CLIENT_DOM_JS = String.raw`
var script = document.currentScript;
var BASE = (function () {
  var u = new URL(script && script.src ? script.src : location.href, location.href);
  return u.origin + u.pathname.replace(/\/widgets\/embed\.js$/, '');
})();
var ORIGIN = new URL(BASE).origin;
var SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
var HEIGHT_MESSAGE = 'appeal-widget:height';
/* A refused stream (Retry-After: 30) is tried again after about this long, doubling each time. */
var STREAM_RETRY_MS = 30000;
/* Polling while there is no stream; the JSON is cached for 5 s anyway. */
var POLL_MS = 5000;
var feeds = {};
var widgets = [];
var mounted = new WeakSet();
var framed = false;
var sheet = null;

function el(tag, cls, parent) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

function setText(node, value) {
  if (node.textContent !== value) node.textContent = value;
}

function render(root, view, locale) {
  var t = widgetText(view, locale);
  var q = function (name) { return root.querySelector('.aw-' + name); };
  setText(q('title'), t.title);
  var bar = q('bar');
  bar.setAttribute('aria-label', t.title);
  bar.setAttribute('aria-valuenow', String(t.barPercent));
  bar.setAttribute('aria-valuetext', t.valueText);
  q('fill').style.width = t.barPercent + '%';
  setText(q('amounts'), t.amounts);
  setText(q('donors'), t.donors);
  setText(q('percent'), t.percent);
  var next = q('next');
  next.hidden = !t.next;
  setText(next, t.next || '');
  root.setAttribute('data-status', view.status);
  root.hidden = false;
}

/* One stream per appeal; EventSource reconnects with Last-Event-ID by itself after a drop. */
function subscribe(slug, listener) {
  var feed = feeds[slug];
  if (!feed) {
    feed = feeds[slug] = { listeners: [], view: null, source: null, retry: STREAM_RETRY_MS, polling: false, etag: null, timer: null, gone: false };
    connect(slug, feed);
  }
  feed.listeners.push(listener);
  if (feed.view) listener.view(feed.view);
}

function publish(feed, view) {
  feed.view = view;
  feed.listeners.forEach(function (l) { l.view(view); });
}

function goneFor(feed) {
  feed.gone = true;
  feed.view = null;
  stopPolling(feed);
  feed.listeners.forEach(function (l) { l.gone(); });
}

function connect(slug, feed) {
  if (framed || feed.gone) return;
  var es = new EventSource(BASE + '/api/appeals/' + encodeURIComponent(slug) + '/progress/stream');
  feed.source = es;
  es.addEventListener('progress', function (e) {
    var view;
    try { view = JSON.parse(e.data); } catch (err) { return; }
    feed.retry = STREAM_RETRY_MS;
    stopPolling(feed);
    publish(feed, view);
  });
  es.addEventListener('gone', function () {
    es.close();
    goneFor(feed);
  });
  es.onerror = function () {
    // EventSource gives up for good on any non-200 answer: a stream refused over the caps (429
    // for too many from this address, 503 for a full instance), an unknown appeal, a proxy
    // error during a deploy. Poll the JSON meanwhile (its 404 says the appeal is gone) and try
    // the stream again later, at a random point so refused readers do not all return at once.
    if (es.readyState !== 2 || framed) return;
    startPolling(slug, feed);
    setTimeout(function () { connect(slug, feed); }, feed.retry * (0.5 + Math.random()));
    feed.retry = Math.min(feed.retry * 2, 300000);
  };
}

/* The cached progress JSON, revalidated with its ETag: a 304 costs the server almost nothing. */
function startPolling(slug, feed) {
  if (feed.polling) return;
  feed.polling = true;
  var tick = function () {
    var headers = feed.etag ? { 'If-None-Match': feed.etag } : {};
    fetch(BASE + '/api/appeals/' + encodeURIComponent(slug) + '/progress', { headers: headers, cache: 'no-store' })
      .then(function (r) {
        if (!feed.polling) return;
        if (r.status === 404) return goneFor(feed);
        if (r.status !== 200) return;
        feed.etag = r.headers.get('ETag');
        return r.json().then(function (view) { if (feed.polling) publish(feed, view); });
      })
      .catch(function () { /* the next round tries again */ })
      .then(function () { if (feed.polling) feed.timer = setTimeout(tick, POLL_MS); });
  };
  tick();
}

function stopPolling(feed) {
  feed.polling = false;
  clearTimeout(feed.timer);
}

/* ---- the iframe page ---- */
var lastHeight = 0;
function postHeight(slug) {
  if (window.parent === window) return;
  var h = Math.ceil(document.body.getBoundingClientRect().height);
  if (h === lastHeight) return;
  lastHeight = h;
  window.parent.postMessage({ type: HEIGHT_MESSAGE, slug: slug, height: h }, '*');
}

function startPage(root) {
  var slug = root.getAttribute('data-slug');
  var fixed = root.hasAttribute('data-locale-fixed');
  var locale = fixed ? root.getAttribute('data-locale') : safeLocale(navigator.language || root.getAttribute('data-locale'));
  subscribe(slug, {
    view: function (v) { render(root, v, locale); postHeight(slug); },
    gone: function () {
      root.hidden = true;
      if (!document.querySelector('.aw-gone')) el('p', 'aw-gone', document.body).textContent = 'This appeal is not available.';
      postHeight(slug);
    }
  });
  if (typeof ResizeObserver === 'function') new ResizeObserver(function () { postHeight(slug); }).observe(document.body);
  postHeight(slug);
}

/* ---- the script embed ---- */
function optionsOf(host) {
  var theme = host.getAttribute('data-theme');
  var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(host.getAttribute('data-accent') || '');
  return {
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    accent: m ? '#' + m[1] : null,
    locale: safeLocale(host.getAttribute('data-locale') || navigator.language)
  };
}

function adoptStyles(shadow) {
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
    shadow.adoptedStyleSheets = [sheet];
  } else {
    el('style', '', shadow).textContent = CSS;
  }
}

function build(shadow, slug, opts) {
  var root = el('div', 'aw', shadow);
  root.setAttribute('data-theme', opts.theme);
  if (opts.accent) root.style.setProperty('--aw-accent', opts.accent);
  root.hidden = true;
  el('p', 'aw-title', root);
  var bar = el('div', 'aw-bar', root);
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  el('div', 'aw-fill', bar);
  el('p', 'aw-amounts', root);
  var meta = el('p', 'aw-meta', root);
  el('span', 'aw-donors', meta);
  meta.appendChild(document.createTextNode(' \u00b7 '));
  el('span', 'aw-percent', meta);
  el('p', 'aw-next', root).hidden = true;
  el('p', 'aw-rule', root).textContent = RULE;
  var give = el('a', 'aw-give', root);
  give.href = BASE + '/donate/' + encodeURIComponent(slug);
  give.target = '_blank';
  give.rel = 'noopener';
  give.textContent = 'Give';
  return root;
}

function frame(w) {
  while (w.shadow.firstChild) w.shadow.removeChild(w.shadow.firstChild);
  var f = document.createElement('iframe');
  f.src = BASE + '/widgets/' + encodeURIComponent(w.slug) + '?theme=' + w.opts.theme
    + '&locale=' + encodeURIComponent(w.opts.locale) + (w.opts.accent ? '&accent=' + encodeURIComponent(w.opts.accent) : '');
  f.title = 'Appeal progress';
  f.style.cssText = 'display:block;border:0;width:100%;height:200px';
  w.shadow.appendChild(f);
}

function useFrames() {
  if (framed) return;
  framed = true;
  Object.keys(feeds).forEach(function (s) { if (feeds[s].source) feeds[s].source.close(); stopPolling(feeds[s]); });
  widgets.forEach(frame);
}

function mount(host) {
  var slug = host.getAttribute('data-appeal') || '';
  if (mounted.has(host) || !SLUG.test(slug) || !host.attachShadow || host.shadowRoot) return;
  mounted.add(host);
  var w = { slug: slug, shadow: host.attachShadow({ mode: 'open' }), opts: optionsOf(host) };
  widgets.push(w);
  if (framed) return frame(w);
  adoptStyles(w.shadow);
  var root = build(w.shadow, slug, w.opts);
  subscribe(slug, {
    view: function (v) { if (!framed) render(root, v, w.opts.locale); },
    gone: function () { root.hidden = true; }
  });
}

function scan() {
  var hosts = document.querySelectorAll('div[data-appeal]');
  for (var i = 0; i < hosts.length; i++) mount(hosts[i]);
}

/* Sizes any iframe of ours on this page (ours or the host's own) to the height it reports. */
function onHeight(e) {
  if (e.origin !== ORIGIN || !e.data || e.data.type !== HEIGHT_MESSAGE) return;
  var h = Number(e.data.height);
  if (!(h > 0 && h < 10000)) return;
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe'));
  widgets.forEach(function (w) { var f = w.shadow.querySelector('iframe'); if (f) frames.push(f); });
  frames.forEach(function (f) { if (f.contentWindow === e.source) f.style.height = h + 'px'; });
}

function startEmbed() {
  window.addEventListener('message', onHeight);
  document.addEventListener('securitypolicyviolation', function (e) {
    var directive = e.effectiveDirective || e.violatedDirective || '';
    if (directive.indexOf('connect-src') === 0 && String(e.blockedURI).indexOf(ORIGIN) === 0) useFrames();
  });
  var pending = false;
  var scanSoon = function () {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; scan(); }, 30);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  if (typeof MutationObserver === 'function') new MutationObserver(scanSoon).observe(document.documentElement, { childList: true, subtree: true });
  window.AppealWidgets = { scan: scan };
}

var pageRoot = document.querySelector('[data-widget-root]');
if (pageRoot) startPage(pageRoot);
else startEmbed();
`;
