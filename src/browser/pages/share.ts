import { SHARE_COPIED, SHARE_COPY_FAILED } from '../../wording/share';

/**
 * Progressive enhancement of the share block (src/pages/donate/share.view.ts): the system share
 * sheet where the browser offers one (navigator.share), and a copy-link button that says, to
 * screen readers too, whether the link was copied. Without this script the plain links and the
 * read-only link field still work.
 */
const block = document.querySelector<HTMLElement>('[data-share]');
if (block) enhance(block);

function enhance(block: HTMLElement): void {
  const url = block.getAttribute('data-share-url') ?? location.href;
  const title = block.getAttribute('data-share-title') ?? document.title;
  const text = block.getAttribute('data-share-text') ?? title;
  const status = block.querySelector<HTMLElement>('[data-share-status]');
  const field = block.querySelector<HTMLInputElement>('[data-share-field]');
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
      say(SHARE_COPY_FAILED);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(() => say(SHARE_COPIED), byHand);
      return;
    }
    field?.select();
    try {
      // execCommand is deprecated but the only copy there is outside a secure context.
      if (document.execCommand('copy')) say(SHARE_COPIED);
      else byHand();
    } catch {
      byHand();
    }
  });
}
