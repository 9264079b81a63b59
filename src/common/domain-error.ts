/**
 * Base of every module's domain exception. A module subclasses it (AppealsError,
 * LedgerError, ...) with its own codes; the one HTTP filter maps `kind` to a status, so
 * services never import HTTP types.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable' | 'upstream' | 'unavailable' | 'retry_later';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.details = Array.isArray(message) ? message : [message];
  }
  readonly details: string[];
}

export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  upstream: 502,
  unavailable: 503,
  retry_later: 503,
};
