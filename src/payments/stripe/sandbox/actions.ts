import type Stripe from 'stripe';
import type { DisputeStage } from './dispute-lifecycle';
import { invalidRequest } from './http-util';
import type { PayOutcome, SettleOutcome } from './sandbox-ledger';
import type { RenewalFailure } from './subscription-lifecycle';

/**
 * What can be done to a sandbox session besides paying on the test page, by its session id (or,
 * for refunds and disputes, a PaymentIntent or charge id; for subscriptions, the subscription id):
 * the bank settling a delayed payment, refunds and their failure or cancellation, disputes and
 * inquiries, expiry, and a subscription's failing renewals, retry and cancellation. One parser for every way in (the organiser's page and API, the loopback
 * test controls), so each answers the same 400 for the same mistake.
 */
export const SANDBOX_ACTIONS = [
  'pay',
  'settle',
  'refund',
  'fail_refund',
  'cancel_refund',
  'dispute',
  'expire',
  'fail_renewal',
  'retry_renewal',
  'cancel_subscription',
] as const;
export type SandboxAction = (typeof SANDBOX_ACTIONS)[number];
/** Donors pay on the payment page; organisers do everything else. */
export const ORGANISER_ACTIONS: readonly SandboxAction[] = SANDBOX_ACTIONS.filter((a) => a !== 'pay');

export interface ActionTarget {
  pay(id: string, outcome: PayOutcome): Promise<Stripe.Event[]>;
  settleDelayed(id: string, outcome: SettleOutcome): Promise<Stripe.Event[]>;
  refund(id: string, amount?: number, opts?: { pending?: boolean }): Promise<Stripe.Event[]>;
  failRefund(refundId: string): Promise<Stripe.Event[]>;
  cancelRefund(refundId: string): Promise<Stripe.Event[]>;
  dispute(id: string, stage: DisputeStage): Promise<Stripe.Event[]>;
  expire(id: string): Promise<Stripe.Event[]>;
  failRenewal(id: string, attempts?: RenewalFailure): Promise<Stripe.Event[]>;
  retryRenewal(id: string): Promise<Stripe.Event[]>;
  cancelSubscription(id: string, opts?: { atPeriodEnd?: boolean }): Promise<Stripe.Event[]>;
}

export function isSandboxAction(action: string, allowed: readonly SandboxAction[] = SANDBOX_ACTIONS): action is SandboxAction {
  return (allowed as readonly string[]).includes(action);
}

export function runAction(
  target: ActionTarget,
  id: string,
  action: SandboxAction,
  input: Record<string, unknown>,
): Promise<Stripe.Event[]> {
  switch (action) {
    case 'pay':
      return target.pay(id, text(input, 'outcome') as PayOutcome);
    case 'settle':
      return target.settleDelayed(id, text(input, 'outcome') as SettleOutcome);
    case 'refund':
      return target.refund(id, amount(input), { pending: flag(input, 'pending') });
    case 'fail_refund':
      return target.failRefund(required(input, 'refund'));
    case 'cancel_refund':
      return target.cancelRefund(required(input, 'refund'));
    case 'dispute':
      return target.dispute(id, text(input, 'stage') as DisputeStage);
    case 'expire':
      return target.expire(id);
    case 'fail_renewal':
      return target.failRenewal(id, text(input, 'attempts') as RenewalFailure | undefined);
    case 'retry_renewal':
      return target.retryRenewal(id);
    case 'cancel_subscription':
      return target.cancelSubscription(id, { atPeriodEnd: flag(input, 'at_period_end') });
  }
}

function text(input: Record<string, unknown>, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalidRequest(`${name} must be a string.`, name);
  return v;
}

/** Whole months for the clock controls: a JSON integer or a form's digits, 1 to 24. */
export function months(input: Record<string, unknown>): number {
  const v = input.months;
  if (v === undefined || v === '') return 1;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 24) throw invalidRequest('months must be an integer from 1 to 24.', 'months');
  return n;
}

function required(input: Record<string, unknown>, name: string): string {
  const v = text(input, name);
  if (v === undefined) throw invalidRequest(`Missing required param: ${name}.`, name, 'parameter_missing');
  return v;
}

/** Minor units as a JSON integer or a form's digits; absent means "everything not yet refunded". */
function amount(input: Record<string, unknown>): number | undefined {
  const v = input.amount;
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  throw invalidRequest('amount must be a positive integer of minor units.', 'amount');
}

function flag(input: Record<string, unknown>, name: string): boolean {
  const v = input[name];
  if (v === undefined || v === '' || v === false || v === 'false') return false;
  if (v === true || v === 'true' || v === 'on' || v === '1') return true;
  throw invalidRequest(`${name} must be true or false.`, name);
}
