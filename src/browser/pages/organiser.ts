/**
 * Dashboard niceties that the pages do not depend on: copy buttons for the embed snippets, and
 * on an appeal's page a notice when money moved after the page was drawn (the chart and the
 * table are server-rendered; the progress block itself updates live).
 */
function copy(button: HTMLElement): void {
  const id = button.getAttribute('data-copy') ?? '';
  const source = document.getElementById(id) as HTMLTextAreaElement | HTMLInputElement | null;
  if (!source) return;
  const done = () => {
    const status = document.getElementById(`${id}-copied`);
    if (status) status.textContent = 'Copied to the clipboard.';
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(done, () => source.select());
  } else {
    source.focus();
    source.select();
    // execCommand is deprecated but the only copy there is outside a secure context.
    try {
      if (document.execCommand('copy')) done();
    } catch {
      /* selected: the organiser copies by hand */
    }
  }
}

document.querySelectorAll<HTMLButtonElement>('button[data-copy]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => copy(button));
});

const page = document.querySelector('[data-rendered-version]');
const stale = document.getElementById('stale-notice');
if (page && stale) {
  const drawn = Number(page.getAttribute('data-rendered-version'));
  document.addEventListener('appeal-progress', (e) => {
    const detail = (e as CustomEvent<{ version?: number } | null>).detail;
    if (detail && Number(detail.version) > drawn) stale.hidden = false;
  });
}
