import { PaymentsError } from '../payments.error';
import { RefundObjectFacts, refundObjectFacts } from '../stripe-mappers';
import { StripeGateway } from '../stripe-gateway';

/** Every refund of a charge as Stripe holds it now; an API failure is a 503 so Stripe redelivers. */
export async function listRefunds(gateway: StripeGateway, chargeId: string): Promise<RefundObjectFacts[]> {
  let refunds;
  try {
    refunds = await gateway.listRefunds(chargeId);
  } catch (e) {
    throw PaymentsError.retryLater(
      `could not read the refunds of charge ${chargeId} from Stripe (${e instanceof Error ? e.message : 'error'})`,
    );
  }
  return refunds.map(refundObjectFacts).filter((r) => r.chargeId === null || r.chargeId === chargeId);
}
