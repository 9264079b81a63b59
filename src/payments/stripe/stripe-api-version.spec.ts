import Stripe from 'stripe';
import { STRIPE_API_VERSION } from './stripe-api-version';

describe('STRIPE_API_VERSION', () => {
  it("is the SDK's pinned API version", () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
    expect(STRIPE_API_VERSION).toBe('2026-10-28.endive');
  });
});
