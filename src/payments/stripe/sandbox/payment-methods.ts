import type Stripe from 'stripe';
import { newId } from './ids';

// "Delayed payment" on the test page stands for the bank debit Checkout would offer in that
// currency: it completes `unpaid` and settles later. Currencies without one offer cards only.
const DELAYED_METHOD: Record<string, 'sepa_debit' | 'bacs_debit' | 'us_bank_account'> = {
  eur: 'sepa_debit',
  gbp: 'bacs_debit',
  usd: 'us_bank_account',
};

export type MethodKind = 'card' | 'delayed';

const LABELS: Record<string, string> = {
  sepa_debit: 'SEPA Direct Debit',
  bacs_debit: 'Bacs Direct Debit',
  us_bank_account: 'ACH Direct Debit',
};

/** How the test page names the delayed method, e.g. "Bacs Direct Debit". */
export function methodLabel(method: string): string {
  return LABELS[method] ?? method;
}

export function delayedMethod(currency: string): string | null {
  return DELAYED_METHOD[currency] ?? null;
}

/** Checkout's `payment_method_types`: what the hosted page offers for this currency. */
export function offeredMethods(currency: string): string[] {
  const delayed = delayedMethod(currency);
  return delayed ? ['card', delayed] : ['card'];
}

/** The charge's record of the method actually used. */
export function methodDetails(currency: string, kind: MethodKind): Stripe.Charge.PaymentMethodDetails {
  const fingerprint = newId('', 16);
  const method = kind === 'delayed' ? delayedMethod(currency) : 'card';
  if (method === 'sepa_debit') {
    return {
      type: method,
      sepa_debit: { bank_code: '37040044', branch_code: null, country: 'DE', fingerprint, last4: '3000', mandate: newId('mandate_') },
    };
  }
  if (method === 'bacs_debit') {
    return { type: method, bacs_debit: { fingerprint, last4: '2345', mandate: newId('mandate_'), sort_code: '108800' } };
  }
  if (method === 'us_bank_account') {
    return {
      type: method,
      us_bank_account: {
        account_holder_type: 'individual',
        account_type: 'checking',
        bank_name: 'STRIPE TEST BANK',
        fingerprint,
        last4: '6789',
        payment_reference: null,
        routing_number: '110000000',
        mandate: newId('mandate_'),
      },
    };
  }
  return { type: 'card', card: card(fingerprint) };
}

function card(fingerprint: string): Stripe.Charge.PaymentMethodDetails.Card {
  return {
    amount_authorized: null,
    authorization_code: null,
    brand: 'visa',
    country: 'US',
    description: null,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    electronic_commerce_indicator: null,
    exp_month: 12,
    exp_year: new Date().getUTCFullYear() + 3,
    fingerprint,
    funding: 'credit',
    installments: null,
    last4: '4242',
    mandate: null,
    network: 'visa',
    network_transaction_id: null,
    regulated_status: 'unregulated',
    three_d_secure: null,
    transaction_link_id: null,
    wallet: null,
  } satisfies Stripe.Charge.PaymentMethodDetails.Card;
}
