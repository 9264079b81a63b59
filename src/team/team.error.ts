import { DomainError, DomainErrorKind } from '../common/domain-error';

export class TeamError extends DomainError {
  static invalid(problems: string[]) {
    return new TeamError('invalid', 'invalid_organiser', problems);
  }
  static emailTaken(email: string) {
    return new TeamError('conflict', 'email_taken', `An organiser with e-mail "${email}" already exists`);
  }
  static personNotFound(id: string) {
    return new TeamError('not_found', 'organiser_not_found', `No organiser with id "${id}"`);
  }
  static tokenNotFound(id: string) {
    return new TeamError('not_found', 'token_not_found', `No live token with id "${id}" for this organiser`);
  }
  static disabled(id: string) {
    return new TeamError('conflict', 'organiser_disabled', `Organiser "${id}" is disabled`);
  }
  static invitation(kind: 'not_found' | 'conflict', message: string) {
    return new TeamError(kind, kind === 'not_found' ? 'invitation_not_found' : 'invitation_closed', message);
  }
  private constructor(kind: DomainErrorKind, code: string, message: string | string[]) {
    super(kind, code, message);
  }
}
