/**
 * The thanks page: says "confirming your payment" until this donor's gift is counted. Every
 * progress event from the stream (the total moved, for anyone) is the cue to ask the server
 * about this checkout session; a slow timer covers a stream that cannot connect. The wording
 * comes from the server, so the page reads the same with or without this script.
 */
interface ThanksStatus {
  status: string;
  text: string;
}

const box = document.querySelector<HTMLElement>('[data-thanks]');
if (box) watch(box);

function watch(box: HTMLElement): void {
  const statusUrl = box.getAttribute('data-status-url');
  const text = box.querySelector('[data-status-text]');
  let busy = false;
  const pending = () => box.getAttribute('data-status') === 'pending';

  const check = (): void => {
    if (!statusUrl || busy || !pending()) return;
    busy = true;
    fetch(statusUrl, { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<ThanksStatus>) : null))
      .then((s) => {
        busy = false;
        if (!s || s.status === box.getAttribute('data-status')) return;
        box.setAttribute('data-status', s.status);
        if (text) text.textContent = s.text;
      })
      .catch(() => {
        busy = false;
      });
  };

  document.addEventListener('appeal-progress', check);
  const timer = setInterval(() => {
    if (pending()) check();
    else clearInterval(timer);
  }, 15000);
}
