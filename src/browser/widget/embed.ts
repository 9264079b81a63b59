/**
 * /widgets/embed.js, one classic script (hosts load it with a plain <script async>). Two modes:
 * - on the iframe page (/widgets/:slug) it updates the server-rendered markup from the stream
 *   and posts the page height to the parent;
 * - on a host page it fills every <div data-appeal="slug"> with a widget inside a Shadow DOM
 *   (host styles neither leak in nor out), one EventSource per appeal shared by its widgets.
 * Everything is built with DOM calls and textContent (no innerHTML, so Trusted Types hosts are
 * fine) and styled through a constructed stylesheet (not subject to the host's style-src). If
 * the host's CSP forbids connecting to us (no connect-src for our origin), each widget becomes
 * an iframe of /widgets/:slug, which needs only frame-src.
 * The words come from the server's own widget-text.ts, bundled in.
 */
import { COUNTING_RULE, widgetText } from '../../wording/widget-text';
import { ProgressJson, progressOf } from '../progress-json';
import { drawSupporters, SupportersJson, supportersOf } from '../supporters-list';
import { SUPPORTERS_HEADING } from '../../wording/supporters';
import { safeLocale } from './locale';
import CSS from './widget.css';

declare global {
  interface Window {
    AppealWidgets?: { scan: () => void };
  }
}

interface Listener {
  view: (v: ProgressJson) => void;
  gone: () => void;
  /** Only widgets that opted in (data-show="supporters", ?show=supporters) list supporters. */
  supporters?: (s: SupportersJson) => void;
}
interface Feed {
  listeners: Listener[];
  view: ProgressJson | null;
  supporters: SupportersJson | null;
  source: EventSource | null;
  retry: number;
  polling: boolean;
  etag: string | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  gone: boolean;
}
interface Options {
  theme: 'light' | 'dark' | 'auto';
  accent: string | null;
  locale: string;
  supporters: boolean;
}
interface Widget {
  slug: string;
  shadow: ShadowRoot;
  opts: Options;
}

const script = document.currentScript as HTMLScriptElement | null;
const BASE = (() => {
  const u = new URL(script && script.src ? script.src : location.href, location.href);
  return u.origin + u.pathname.replace(/\/widgets\/embed\.js$/, '');
})();
const ORIGIN = new URL(BASE).origin;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const HEIGHT_MESSAGE = 'appeal-widget:height';
/* Supporters a widget lists: the newest few. */
const WIDGET_SUPPORTERS = 5;
/* A refused stream (Retry-After: 30) is tried again after about this long, doubling each time. */
const STREAM_RETRY_MS = 30000;
/* Polling while there is no stream; the JSON is cached for 5 s anyway. */
const POLL_MS = 5000;
const feeds: Record<string, Feed> = {};
const widgets: Widget[] = [];
const mounted = new WeakSet<Element>();
let framed = false;
let sheet: CSSStyleSheet | null = null;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent: Node): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

function setText(node: Element, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}

function render(root: HTMLElement, view: ProgressJson, locale: string): void {
  const t = widgetText(view, locale);
  const q = (name: string) => root.querySelector<HTMLElement>(`.aw-${name}`)!;
  setText(q('title'), t.title);
  const bar = q('bar');
  bar.setAttribute('aria-label', t.title);
  bar.setAttribute('aria-valuenow', String(t.barPercent));
  bar.setAttribute('aria-valuetext', t.valueText);
  q('fill').style.width = `${t.barPercent}%`;
  setText(q('amounts'), t.amounts);
  setText(q('donors'), t.donors);
  setText(q('percent'), t.percent);
  const countries = q('countries');
  countries.hidden = !t.countries;
  setText(countries, t.countries ?? '');
  const next = q('next');
  next.hidden = !t.next;
  setText(next, t.next ?? '');
  const monthly = q('monthly');
  monthly.hidden = !t.monthly;
  setText(monthly, t.monthly ?? '');
  root.setAttribute('data-status', view.status);
  root.hidden = false;
}

const progressUrl = (slug: string, tail: string) => `${BASE}/api/appeals/${encodeURIComponent(slug)}/progress${tail}`;

/* One stream per appeal; EventSource reconnects with Last-Event-ID by itself after a drop. */
function subscribe(slug: string, listener: Listener): void {
  let feed = feeds[slug];
  if (!feed) {
    feed = feeds[slug] = {
      listeners: [],
      view: null,
      supporters: null,
      source: null,
      retry: STREAM_RETRY_MS,
      polling: false,
      etag: null,
      timer: undefined,
      gone: false,
    };
    connect(slug, feed);
  }
  feed.listeners.push(listener);
  if (feed.view) listener.view(feed.view);
  if (feed.supporters) listener.supporters?.(feed.supporters);
}

function publishSupporters(feed: Feed, page: SupportersJson): void {
  feed.supporters = page;
  feed.listeners.forEach((l) => l.supporters?.(page));
}

function publish(feed: Feed, view: ProgressJson): void {
  feed.view = view;
  feed.listeners.forEach((l) => l.view(view));
}

function goneFor(feed: Feed): void {
  feed.gone = true;
  feed.view = null;
  stopPolling(feed);
  feed.listeners.forEach((l) => l.gone());
}

function connect(slug: string, feed: Feed): void {
  if (framed || feed.gone) return;
  const es = new EventSource(progressUrl(slug, '/stream'));
  feed.source = es;
  es.addEventListener('progress', (e) => {
    let view: ProgressJson | null;
    try {
      view = progressOf(JSON.parse((e as MessageEvent<string>).data));
    } catch {
      return;
    }
    if (!view) return;
    feed.retry = STREAM_RETRY_MS;
    stopPolling(feed);
    publish(feed, view);
  });
  // The stream sends the latest supporters on connect and after every change (a hide included).
  es.addEventListener('supporters', (e) => {
    let page: SupportersJson | null;
    try {
      page = supportersOf(JSON.parse((e as MessageEvent<string>).data));
    } catch {
      return;
    }
    if (page) publishSupporters(feed, page);
  });
  es.addEventListener('gone', () => {
    es.close();
    goneFor(feed);
  });
  es.onerror = () => {
    // EventSource gives up for good on any non-200 answer: a stream refused over the caps (429
    // for too many from this address, 503 for a full instance), an unknown appeal, a proxy
    // error during a deploy. Poll the JSON meanwhile (its 404 says the appeal is gone) and try
    // the stream again later, at a random point so refused readers do not all return at once.
    if (es.readyState !== EventSource.CLOSED || framed) return;
    startPolling(slug, feed);
    setTimeout(() => connect(slug, feed), feed.retry * (0.5 + Math.random()));
    feed.retry = Math.min(feed.retry * 2, 300000);
  };
}

/* The cached progress JSON, revalidated with its ETag: a 304 costs the server almost nothing. */
function startPolling(slug: string, feed: Feed): void {
  if (feed.polling) return;
  feed.polling = true;
  const tick = (): void => {
    const headers: Record<string, string> = feed.etag ? { 'If-None-Match': feed.etag } : {};
    fetch(progressUrl(slug, ''), { headers, cache: 'no-store' })
      .then(async (r) => {
        if (!feed.polling) return;
        if (r.status === 404) return goneFor(feed);
        if (r.status !== 200) return;
        feed.etag = r.headers.get('ETag');
        const view = progressOf(await r.json());
        if (view && feed.polling) publish(feed, view);
        if (feed.polling && feed.listeners.some((l) => l.supporters)) await pollSupporters(slug, feed);
      })
      .catch(() => {
        /* the next round tries again */
      })
      .then(() => {
        if (feed.polling) feed.timer = setTimeout(tick, POLL_MS);
      });
  };
  tick();
}

async function pollSupporters(slug: string, feed: Feed): Promise<void> {
  const r = await fetch(`${BASE}/api/appeals/${encodeURIComponent(slug)}/supporters`, { cache: 'no-store' });
  if (r.status !== 200) return;
  const page = supportersOf(await r.json());
  if (page && feed.polling) publishSupporters(feed, page);
}

function stopPolling(feed: Feed): void {
  feed.polling = false;
  clearTimeout(feed.timer);
}

/* ---- the iframe page ---- */
let lastHeight = 0;
function postHeight(slug: string): void {
  if (window.parent === window) return;
  const h = Math.ceil(document.body.getBoundingClientRect().height);
  if (h === lastHeight) return;
  lastHeight = h;
  window.parent.postMessage({ type: HEIGHT_MESSAGE, slug, height: h }, '*');
}

function startPage(root: HTMLElement): void {
  const slug = root.getAttribute('data-slug') ?? '';
  const fixed = root.hasAttribute('data-locale-fixed');
  const locale = fixed ? (root.getAttribute('data-locale') ?? 'en-US') : safeLocale(navigator.language || root.getAttribute('data-locale'));
  const list = root.querySelector<HTMLElement>('[data-widget-supporters]');
  subscribe(slug, {
    supporters: list
      ? (page) => {
          drawSupporters(list, page, locale, WIDGET_SUPPORTERS);
          postHeight(slug);
        }
      : undefined,
    view: (v) => {
      render(root, v, locale);
      postHeight(slug);
    },
    gone: () => {
      root.hidden = true;
      if (!document.querySelector('.aw-gone')) el('p', 'aw-gone', document.body).textContent = 'This appeal is not available.';
      postHeight(slug);
    },
  });
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => postHeight(slug)).observe(document.body);
  postHeight(slug);
}

/* ---- the script embed ---- */
function optionsOf(host: Element): Options {
  const theme = host.getAttribute('data-theme');
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(host.getAttribute('data-accent') ?? '');
  return {
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    accent: m ? `#${m[1]}` : null,
    locale: safeLocale(host.getAttribute('data-locale') || navigator.language),
    // On the widget's element, or on the embed <script> element for every widget of the page.
    supporters: (host.getAttribute('data-show') ?? script?.getAttribute('data-show')) === 'supporters',
  };
}

function adoptStyles(shadow: ShadowRoot): void {
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    shadow.adoptedStyleSheets = [sheet];
  } else {
    el('style', '', shadow).textContent = CSS;
  }
}

function build(shadow: ShadowRoot, slug: string, opts: Options): HTMLElement {
  const root = el('div', 'aw', shadow);
  root.setAttribute('data-theme', opts.theme);
  if (opts.accent) root.style.setProperty('--aw-accent', opts.accent);
  root.hidden = true;
  el('p', 'aw-title', root);
  const bar = el('div', 'aw-bar', root);
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  el('div', 'aw-fill', bar);
  el('p', 'aw-amounts', root);
  const meta = el('p', 'aw-meta', root);
  el('span', 'aw-donors', meta);
  meta.appendChild(document.createTextNode(' \u00b7 '));
  el('span', 'aw-percent', meta);
  el('p', 'aw-countries', root).hidden = true;
  el('p', 'aw-next', root).hidden = true;
  el('p', 'aw-monthly', root).hidden = true;
  el('p', 'aw-rule', root).textContent = COUNTING_RULE;
  if (opts.supporters) {
    const list = el('ul', 'aw-supporters', root);
    list.setAttribute('data-widget-supporters', '');
    list.setAttribute('aria-label', SUPPORTERS_HEADING);
    list.hidden = true;
  }
  const give = el('a', 'aw-give', root);
  give.href = `${BASE}/donate/${encodeURIComponent(slug)}`;
  give.target = '_blank';
  give.rel = 'noopener';
  give.textContent = 'Give';
  return root;
}

function frame(w: Widget): void {
  while (w.shadow.firstChild) w.shadow.removeChild(w.shadow.firstChild);
  const f = document.createElement('iframe');
  f.src =
    `${BASE}/widgets/${encodeURIComponent(w.slug)}?theme=${w.opts.theme}&locale=${encodeURIComponent(w.opts.locale)}` +
    (w.opts.accent ? `&accent=${encodeURIComponent(w.opts.accent)}` : '') +
    (w.opts.supporters ? '&show=supporters' : '');
  f.title = 'Appeal progress';
  f.style.cssText = 'display:block;border:0;width:100%;height:200px';
  w.shadow.appendChild(f);
}

function useFrames(): void {
  if (framed) return;
  framed = true;
  Object.keys(feeds).forEach((s) => {
    feeds[s].source?.close();
    stopPolling(feeds[s]);
  });
  widgets.forEach(frame);
}

function mount(host: HTMLElement): void {
  const slug = host.getAttribute('data-appeal') ?? '';
  if (mounted.has(host) || !SLUG.test(slug) || !host.attachShadow || host.shadowRoot) return;
  mounted.add(host);
  const w: Widget = { slug, shadow: host.attachShadow({ mode: 'open' }), opts: optionsOf(host) };
  widgets.push(w);
  if (framed) return frame(w);
  adoptStyles(w.shadow);
  const root = build(w.shadow, slug, w.opts);
  const list = root.querySelector<HTMLElement>('[data-widget-supporters]');
  subscribe(slug, {
    supporters: list
      ? (page) => {
          if (!framed) drawSupporters(list, page, w.opts.locale, WIDGET_SUPPORTERS);
        }
      : undefined,
    view: (v) => {
      if (!framed) render(root, v, w.opts.locale);
    },
    gone: () => {
      root.hidden = true;
    },
  });
}

function scan(): void {
  document.querySelectorAll<HTMLElement>('div[data-appeal]').forEach(mount);
}

/* Sizes any iframe of ours on this page (ours or the host's own) to the height it reports. */
function onHeight(e: MessageEvent<unknown>): void {
  const data = e.data as { type?: unknown; height?: unknown } | null;
  if (e.origin !== ORIGIN || !data || data.type !== HEIGHT_MESSAGE) return;
  const h = Number(data.height);
  if (!(h > 0 && h < 10000)) return;
  const frames = Array.from(document.querySelectorAll('iframe'));
  widgets.forEach((w) => {
    const f = w.shadow.querySelector('iframe');
    if (f) frames.push(f);
  });
  frames.forEach((f) => {
    if (f.contentWindow === e.source) f.style.height = `${h}px`;
  });
}

function startEmbed(): void {
  window.addEventListener('message', onHeight);
  document.addEventListener('securitypolicyviolation', (e) => {
    const directive = e.effectiveDirective || e.violatedDirective || '';
    if (directive.indexOf('connect-src') === 0 && String(e.blockedURI).indexOf(ORIGIN) === 0) useFrames();
  });
  let pending = false;
  const scanSoon = () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      scan();
    }, 30);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  if (typeof MutationObserver === 'function')
    new MutationObserver(scanSoon).observe(document.documentElement, { childList: true, subtree: true });
  window.AppealWidgets = { scan };
}

// A page that includes the script twice keeps the first copy.
if (!window.AppealWidgets) {
  const pageRoot = document.querySelector<HTMLElement>('[data-widget-root]');
  if (pageRoot) startPage(pageRoot);
  else startEmbed();
}
