import type { AppConfig } from '../config/app-config';

/**
 * What a route does when the limiter's store (PostgreSQL or Redis) cannot be reached:
 * 'memory' falls back to a per-instance in-memory limiter with the same numbers (the route
 * keeps working, limits are per instance until the store is back); 'refuse' answers 503.
 */
export type StoreDownMode = 'memory' | 'refuse';

export interface Policy {
  points: number;
  durationS: number;
  /** Once over the limit, refused for this long (default: until the window ends). */
  blockS?: number;
  storeDown: StoreDownMode;
  message: string;
}

export type PolicyName = 'checkout' | 'signIn' | 'signInFailures' | 'accountSignInFailures' | 'api' | 'apiAuthFailures';

/** Every limit, from the configuration. Pure, so the numbers are in one readable place. */
export function ratePolicies(
  c: Pick<AppConfig, 'CHECKOUT_RATE_LIMIT' | 'SIGN_IN_RATE_LIMIT' | 'API_RATE_LIMIT' | 'API_AUTH_FAILURE_LIMIT'>,
): Record<PolicyName, Policy> {
  return {
    // Each checkout is a pending row and a Stripe API call; donors must not be locked out by
    // a store outage, so it degrades to per-instance counting.
    checkout: {
      points: c.CHECKOUT_RATE_LIMIT,
      durationS: 60,
      storeDown: 'memory',
      message: 'Too many checkout attempts from this address: try again in a minute',
    },
    // Sign-in guards the dashboard: without the shared counter it refuses rather than guess.
    signIn: {
      points: c.SIGN_IN_RATE_LIMIT,
      durationS: 900,
      storeDown: 'refuse',
      message: 'Too many sign-in attempts from this address: try again later',
    },
    // A token names no account, so "per account" is every refused sign-in together: it bounds
    // guessing spread over many addresses (at the price that such an attack can lock the
    // sign-in form, not the API or open sessions, for up to 15 minutes).
    signInFailures: {
      points: c.SIGN_IN_RATE_LIMIT * 10,
      durationS: 900,
      blockS: 900,
      storeDown: 'refuse',
      message: 'Too many refused sign-ins: sign-in is paused, try again later',
    },
    // Password sign-in names an account: refused attempts count per e-mail address (known or not,
    // so the limit tells nothing about which exist), from every client address together. A
    // browser that signed in to that account before carries a device cookie and counts in its
    // own bucket, so an attacker hammering one account does not lock its owner out.
    accountSignInFailures: {
      points: c.SIGN_IN_RATE_LIMIT,
      durationS: 900,
      blockS: 900,
      storeDown: 'refuse',
      message: 'Too many refused sign-ins for this account: try again later',
    },
    // Organiser automation keeps working through a store outage, with per-instance limits.
    api: { points: c.API_RATE_LIMIT, durationS: 60, storeDown: 'memory', message: 'Too many organiser API requests: slow down' },
    apiAuthFailures: {
      points: c.API_AUTH_FAILURE_LIMIT,
      durationS: 900,
      blockS: 900,
      storeDown: 'memory',
      message: 'Too many refused organiser tokens from this address: try again later',
    },
  };
}
