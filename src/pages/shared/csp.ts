/**
 * The global CSP (src/common/security-headers.ts) limits form-action to 'self'. Chromium applies
 * form-action to the redirects that follow a form post too, so the donate form's no-script
 * fallback, which answers with a redirect to Stripe Checkout, needs that origin added. Only the
 * donate page widens it, and only by the checkout's own origin.
 */
export function withFormAction(csp: string, origins: string[]): string {
  const sources = ["'self'", ...origins].join(' ');
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .filter((d) => !/^form-action(\s|$)/i.test(d));
  return [...directives, `form-action ${sources}`].join('; ');
}
