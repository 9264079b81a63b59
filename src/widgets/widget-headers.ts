import { PUBLIC_CACHE_CONTROL } from '../progress/public-http';

/**
 * Widget responses are embedded on other sites: cross-origin readable, never framing-restricted.
 * Set here in full because these routes run without the global security headers (and any X-Frame-Options another
 * layer set on the raw response is removed).
 */
export const WIDGET_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': PUBLIC_CACHE_CONTROL,
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
