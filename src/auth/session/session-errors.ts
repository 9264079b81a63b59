/** No dashboard session: the page filter answers with a redirect to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly next: string | null) {
    super('sign-in required');
  }
}

/** A dashboard form arrived without the session's CSRF token. */
export class CsrfRejected extends Error {
  constructor() {
    super('The form could not be verified (missing or wrong CSRF token)');
  }
}
