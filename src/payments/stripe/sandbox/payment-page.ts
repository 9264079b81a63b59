import type Stripe from 'stripe';
import { escapeHtml } from './http-util';
import { formatMinorAmount } from './money-format';

// The hosted page stands in for checkout.stripe.com. It must be obviously fake (nobody should
// believe money moved) and self-contained: no scripts, fonts or images, so it works offline.

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f8fa; color: #1a1a1a; }
  .banner { background: #b00020; color: #fff; font-size: 1.4rem; font-weight: 700; text-align: center;
    padding: 1rem; letter-spacing: .02em; }
  main { max-width: 32rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px;
    box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  .amount { font-size: 2.2rem; font-weight: 700; margin: .25rem 0 1rem; }
  form { margin: .75rem 0; }
  button { width: 100%; font: inherit; font-weight: 600; padding: .8rem; border-radius: 6px; cursor: pointer;
    border: 2px solid #1a1a1a; background: #fff; }
  button.primary { background: #0a2540; border-color: #0a2540; color: #fff; }
  button:focus-visible, a:focus-visible { outline: 3px solid #ffb000; outline-offset: 2px; }
  .notice { border-left: 4px solid #b00020; padding: .5rem 1rem; background: #fff4f4; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
  dt { color: #555; }
`;

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · TEST MODE</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="banner">TEST MODE — no real money moves</div>
<main>
${body}
</main>
</body>
</html>
`;
}

function outcomeForm(sessionId: string, outcome: string, label: string, primary = false): string {
  // Plain forms and native buttons: keyboard reachable and announced without any script.
  return `<form method="post" action="/pay/${encodeURIComponent(sessionId)}">
  <input type="hidden" name="outcome" value="${outcome}">
  <button type="submit"${primary ? ' class="primary"' : ''}>${escapeHtml(label)}</button>
</form>`;
}

export function sessionAmount(session: Stripe.Checkout.Session): string {
  return formatMinorAmount(session.amount_total ?? 0, session.currency ?? 'usd');
}

/** The page an open session's `url` points at. */
export function renderPaymentPage(session: Stripe.Checkout.Session, productNames: string[]): string {
  const amount = sessionAmount(session);
  const appeal = session.metadata?.appeal;
  const rows = [
    `<dt>For</dt><dd>${escapeHtml(productNames.join(', '))}</dd>`,
    appeal ? `<dt>Appeal</dt><dd>${escapeHtml(appeal)}</dd>` : '',
    session.customer_email ? `<dt>Email</dt><dd>${escapeHtml(session.customer_email)}</dd>` : '',
  ].join('');
  const body = `<h1>Donate</h1>
<p class="amount">${escapeHtml(amount)}</p>
<dl>${rows}</dl>
<p>This is the Stripe sandbox. Choose how the test payment should turn out.</p>
${outcomeForm(session.id, 'paid', `Pay ${amount}`, true)}
${outcomeForm(session.id, 'declined', 'Decline')}
${outcomeForm(session.id, 'delayed', 'Delayed payment (e.g. bank debit)')}
<p><a href="${escapeHtml(session.cancel_url ?? '/')}">Cancel and go back</a></p>`;
  return shell(`Pay ${amount}`, body);
}

/** Shown after "Decline": Stripe keeps the session open, so the donor may try again. */
export function renderDeclinedPage(session: Stripe.Checkout.Session): string {
  const body = `<h1>Payment declined</h1>
<p class="notice" role="alert">Your card was declined (test mode). No money moved.</p>
<p><a href="/pay/${encodeURIComponent(session.id)}">Try again</a></p>
<p><a href="${escapeHtml(session.cancel_url ?? '/')}">Return to the appeal</a></p>`;
  return shell('Payment declined', body);
}

/** For sessions that can no longer be paid (complete or expired) and for bad requests. */
export function renderMessagePage(title: string, message: string, link?: { href: string; text: string }): string {
  const a = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  return shell(title, `<h1>${escapeHtml(title)}</h1>\n<p class="notice" role="status">${escapeHtml(message)}</p>\n${a}`);
}

/** Checkout replaces the literal {CHECKOUT_SESSION_ID} template in success_url. */
export function successRedirect(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '/').replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}
