/**
 * Keeps every [data-live-progress] block on a page current from the progress stream, with the
 * widget's own words (widget-text.ts, bundled in, so they match the widget and the server
 * render exactly). Each update is re-announced as a DOM event, 'appeal-progress', for the
 * page's own script.
 *
 * A browser opens only about six HTTP/1.1 connections per host and every EventSource holds
 * one, so only the first MAX_STREAMS blocks stream; any others poll the cached JSON endpoint.
 */
import { widgetText } from '../../wording/widget-text';
import { ProgressJson, progressOf } from '../progress-json';
import { drawSupporters, SupportersJson, supportersOf } from '../supporters-list';

/* Every supporters list on the page for this appeal (the donate page has one), redrawn whole. */
function showSupporters(slug: string, page: SupportersJson): void {
  document.querySelectorAll<HTMLElement>('[data-supporters]').forEach((list) => {
    if (list.getAttribute('data-slug') !== slug) return;
    drawSupporters(list, page, list.getAttribute('data-locale') || 'en-US', Number(list.getAttribute('data-max')) || 20);
  });
}

const MAX_STREAMS = 3;
const POLL_MS = 20000;
/* While a block's stream is refused (429/503 over the stream caps) or down, it polls faster. */
const FALLBACK_POLL_MS = 5000;
/* A refused stream is tried again after about this long (its Retry-After), doubling each time. */
const STREAM_RETRY_MS = 30000;

const q = (root: Element, name: string) => root.querySelector<HTMLElement>(`.aw-${name}`)!;

function show(root: Element, view: ProgressJson): void {
  const t = widgetText(view, root.getAttribute('data-locale') || 'en-US');
  q(root, 'amounts').textContent = t.amounts;
  q(root, 'donors').textContent = t.donors;
  q(root, 'percent').textContent = t.percent;
  const countries = root.querySelector<HTMLElement>('.aw-countries');
  if (countries) {
    countries.hidden = !t.countries;
    countries.textContent = t.countries ?? '';
  }
  const next = root.querySelector<HTMLElement>('.aw-next');
  if (next) {
    next.hidden = !t.next;
    next.textContent = t.next ?? '';
  }
  const monthly = root.querySelector<HTMLElement>('.aw-monthly');
  if (monthly) {
    monthly.hidden = !t.monthly;
    monthly.textContent = t.monthly ?? '';
  }
  const bar = q(root, 'bar');
  bar.setAttribute('aria-valuenow', String(t.barPercent));
  bar.setAttribute('aria-valuetext', t.valueText);
  q(root, 'fill').style.width = `${t.barPercent}%`;
  root.setAttribute('data-version', String(view.version));
  root.setAttribute('data-raised', String(view.raised));
  document.dispatchEvent(new CustomEvent<ProgressJson>('appeal-progress', { detail: view }));
}

const url = (slug: string, tail: string) => `/api/appeals/${encodeURIComponent(slug)}/progress${tail}`;

interface Poller {
  start: (delay: number) => void;
  stop: () => void;
}

/* Polls the cached JSON, revalidating with its ETag (a 304 costs the server almost nothing). */
function poller(root: Element, slug: string, every: number): Poller {
  let etag: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  const tick = (): void => {
    fetch(url(slug, ''), { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} })
      .then((r) => {
        if (r.status === 404) running = false;
        if (r.status !== 200) return null;
        etag = r.headers.get('ETag');
        return r.json() as Promise<unknown>;
      })
      .then((data) => {
        const view = progressOf(data);
        if (view && running) show(root, view);
      })
      .catch(() => {
        /* try again next round */
      })
      .then(() => {
        if (running) timer = setTimeout(tick, every);
      });
  };
  return {
    start: (delay) => {
      if (running) return;
      running = true;
      timer = setTimeout(tick, delay);
    },
    stop: () => {
      running = false;
      clearTimeout(timer);
    },
  };
}

function stream(root: Element, slug: string): void {
  const fallback = poller(root, slug, FALLBACK_POLL_MS);
  let retry = STREAM_RETRY_MS;
  const connect = (): void => {
    const es = new EventSource(url(slug, '/stream'));
    es.addEventListener('progress', (e) => {
      retry = STREAM_RETRY_MS;
      fallback.stop();
      try {
        const view = progressOf(JSON.parse((e as MessageEvent<string>).data));
        if (view) show(root, view);
      } catch {
        /* a malformed frame: wait for the next */
      }
    });
    es.addEventListener('supporters', (e) => {
      try {
        const page = supportersOf(JSON.parse((e as MessageEvent<string>).data));
        if (page) showSupporters(slug, page);
      } catch {
        /* a malformed frame: wait for the next */
      }
    });
    es.addEventListener('gone', () => es.close());
    es.onerror = () => {
      // EventSource retries dropped connections itself but gives up on a non-200 answer, such
      // as a refusal over the stream caps: poll meanwhile, and try the stream again later at a
      // random point, so that refused readers do not all come back at once.
      if (es.readyState !== EventSource.CLOSED) return;
      fallback.start(0);
      setTimeout(connect, retry * (0.5 + Math.random()));
      retry = Math.min(retry * 2, 300000);
    };
  };
  connect();
}

document.querySelectorAll('[data-live-progress]').forEach((block, i) => {
  const slug = block.getAttribute('data-slug');
  if (!slug) return;
  if (i < MAX_STREAMS) stream(block, slug);
  else poller(block, slug, POLL_MS).start(POLL_MS);
});
