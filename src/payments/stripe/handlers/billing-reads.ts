import Stripe from 'stripe';
import { InvoicePaymentFacts, invoicePaymentFacts, SubscriptionFacts, subscriptionFacts } from '../billing-mappers';
import { PaymentsError } from '../payments.error';
import { StripeGateway } from '../stripe-gateway';

/**
 * Reads of Stripe's current Billing objects, made in a handler's `prepare` (before any lock).
 * An event is a snapshot that may be stale by the time it arrives; the API's object is the
 * state now. A failure is a 503 so Stripe redelivers; a subscription Stripe no longer knows is null.
 */
export async function currentSubscription(gateway: StripeGateway, id: string): Promise<SubscriptionFacts | null> {
  try {
    return subscriptionFacts(await gateway.stripe.subscriptions.retrieve(id));
  } catch (e) {
    if (e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode === 404) return null;
    if (e instanceof PaymentsError) throw e;
    throw PaymentsError.retryLater(`could not read subscription ${id} from Stripe (${e instanceof Error ? e.message : 'error'})`);
  }
}

/** The invoice's paid payment (its PaymentIntent or charge), which its refunds and disputes will name. */
export async function paidInvoicePayment(gateway: StripeGateway, invoiceId: string): Promise<InvoicePaymentFacts | null> {
  try {
    const list = await gateway.stripe.invoicePayments.list({ invoice: invoiceId, limit: 100 }).autoPagingToArray({ limit: 1000 });
    return list.map(invoicePaymentFacts).find((p) => p.paid && (p.paymentIntentId || p.chargeId)) ?? null;
  } catch (e) {
    if (e instanceof PaymentsError) throw e;
    throw PaymentsError.retryLater(
      `could not read the payments of invoice ${invoiceId} from Stripe (${e instanceof Error ? e.message : 'error'})`,
    );
  }
}
