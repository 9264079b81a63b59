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
  static badCursor() {
    return new DonationsError('invalid', 'bad_cursor', 'cursor is not one this service issued');
  }
  private constructor(kind: DomainErrorKind, code: string, message: string | string[]) {
    super(kind, code, message);
  }
}
