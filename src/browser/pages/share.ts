/**
 * Progressive enhancement of the share block (src/pages/donate/share.view.ts): the system share
 * sheet where the browser offers one (navigator.share), and a copy-link button that says, to
 * screen readers too, whether the link was copied. Without this script the plain links and the
 * read-only link field still work. Its words come in the page's language from the block's
 * data-share-copied and data-share-copy-failed attributes.
 */
const block = document.querySelector<HTMLElement>('[data-share]');
if (block) enhance(block);

function enhance(block: HTMLElement): void {
  const url = block.getAttribute('data-share-url') ?? location.href;
  const title = block.getAttribute('data-share-title') ?? document.title;
  const text = block.getAttribute('data-share-text') ?? title;
  const status = block.querySelector<HTMLElement>('[data-share-status]');
  const field = block.querySelector<HTMLInputElement>('[data-share-field]');
  const copied = block.getAttribute('data-share-copied') ?? '';
  const copyFailed = block.getAttribute('data-share-copy-failed') ?? '';
  const say = (message: string) => {
    if (status) status.textContent = message;
  };

  const native = block.querySelector<HTMLButtonElement>('[data-share-native]');
  if (native && typeof navigator.share === 'function') {
    native.hidden = false;
    native.addEventListener('click', () => {
      // A dismissed share sheet rejects with AbortError: nothing to say.
      navigator.share({ title, text, url }).catch(() => undefined);
    });
  }

  const copy = block.querySelector<HTMLButtonElement>('[data-share-copy]');
  if (!copy) return;
  copy.hidden = false;
  copy.addEventListener('click', () => {
    say('');
    const byHand = () => {
      field?.focus();
      field?.select();
      say(copyFailed);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(() => say(copied), byHand);
      return;
    }
    field?.select();
    try {
      // execCommand is deprecated but the only copy there is outside a secure context.
      if (document.execCommand('copy')) say(copied);
      else byHand();
    } catch {
      byHand();
    }
  });
}
