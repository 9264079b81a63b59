import { DomainError, DomainErrorKind } from '../../common/domain-error';

export class PaymentsError extends DomainError {
  /** The event refers to a payment the ledger has not recorded yet: 503 so Stripe redelivers it. */
  static retryLater(reason: string) {
    return new PaymentsError('retry_later', 'retry_later', reason);
  }
  static badSignature(reason: string) {
    return new PaymentsError('invalid', 'bad_signature', reason);
  }
  static badEvent(reason: string) {
    return new PaymentsError('invalid', 'bad_event', reason);
  }
  static upstream(reason: string) {
    return new PaymentsError('upstream', 'stripe_error', reason);
  }
  static invalid(problems: string[]) {
    return new PaymentsError('invalid', 'invalid_checkout', problems);
  }
  static notOpen(reason: string) {
    return new PaymentsError('unprocessable', 'appeal_not_open', reason);
  }
  static conflict(reason: string) {
    return new PaymentsError('conflict', 'idempotency_conflict', reason);
  }
  static noPlan(reason: string) {
    return new PaymentsError('not_found', 'no_monthly_gift', reason);
  }
  static heldNotFound(id: string) {
    return new PaymentsError('not_found', 'held_payment_not_found', `no payment held for review has id ${id}`);
  }
  static heldInvalid(problems: string[]) {
    return new PaymentsError('invalid', 'invalid_review_action', problems);
  }
  static alreadyResolved(reason: string) {
    return new PaymentsError('conflict', 'already_resolved', reason);
  }
  static cannotRefund(reason: string) {
    return new PaymentsError('unprocessable', 'cannot_refund', reason);
  }
  private constructor(kind: DomainErrorKind, code: string, message: string | string[]) {
    super(kind, code, message);
  }
}
