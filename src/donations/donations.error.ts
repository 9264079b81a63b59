import { DomainError, DomainErrorKind } from '../common/domain-error';

export class DonationsError extends DomainError {
  static invalid(problems: string[]) {
    return new DonationsError('invalid', 'invalid_donation', problems);
  }
  static referenceReused(reference: string) {
    return new DonationsError('conflict', 'reference_reused', `reference "${reference}" was already used for a different gift`);
  }
  static appealNotOpen(reason: string) {
    return new DonationsError('unprocessable', 'appeal_not_open', reason);
  }
  static notFound(id: string) {
    return new DonationsError('not_found', 'donation_not_found', `No donation ${id} in this appeal`);
  }
  static notOffline(id: string) {
    return new DonationsError(
      'unprocessable',
      'not_offline',
      `donation ${id} was paid through Stripe: only offline gifts are voided; a Stripe gift is refunded instead (in Stripe), and the refund comes off the total by itself`,
    );
  }
  static notVoidable(id: string, status: string) {
    return new DonationsError(
      'conflict',
      'not_voidable',
      `donation ${id} is ${status}: only a counted (succeeded) offline gift can be voided`,
    );
  }
  static tooLargeToCount(amount: number, max: number) {
    return new DonationsError(
      'unprocessable',
      'too_large_to_count',
      `the payment of ${amount} minor units is above the largest single gift counted (${max}); it can only be refunded`,
    );
  }
  static movedMeanwhile(id: string) {
    return new DonationsError(
      'retry_later',
      'donation_moved',
      `donation ${id} was assigned to an appeal while this change waited; try again`,
    );
  }
  static badCursor() {
    return new DonationsError('invalid', 'bad_cursor', 'cursor is not one this service issued');
  }
  private constructor(kind: DomainErrorKind, code: string, message: string | string[]) {
    super(kind, code, message);
  }
}
