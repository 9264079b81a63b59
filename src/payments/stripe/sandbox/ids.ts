import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/** The API version the installed SDK pins; events claim it, like an endpoint created for that SDK. */
export const API_VERSION: string = Stripe.API_VERSION;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random Stripe-looking id; tests must never rely on ids being predictable. */
export function newId(prefix: string, length = 24): string {
  let out = prefix;
  for (const byte of randomBytes(length)) out += BASE62[byte % 62];
  return out;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
