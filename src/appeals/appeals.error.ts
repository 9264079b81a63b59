import { DomainError, DomainErrorKind } from '../common/domain-error';

export class AppealsError extends DomainError {
  static notFound(slug: string) {
    return new AppealsError('not_found', 'appeal_not_found', `No appeal with slug "${slug}"`);
  }
  static slugTaken(slug: string) {
    return new AppealsError('conflict', 'slug_taken', `An appeal with slug "${slug}" already exists`);
  }
  static invalid(problems: string[]) {
    return new AppealsError('invalid', 'invalid_appeal', problems);
  }
  static currencyLocked() {
    return new AppealsError('conflict', 'currency_locked', 'currency cannot change once donations are recorded');
  }
  private constructor(kind: DomainErrorKind, code: string, message: string | string[]) {
    super(kind, code, message);
  }
}
