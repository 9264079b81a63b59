import { generateSecret, generateURI, verifySync } from 'otplib';

export const TOTP_ISSUER = 'Appeal tracker';

export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, email: string): string => generateURI({ issuer: TOTP_ISSUER, label: email, secret });

/**
 * The time step of a valid 6-digit code (the current step, or one either side for clock drift),
 * newer than `afterStep`; null when the code is not valid. Callers then claim the step
 * (CLAIM_TOTP_STEP), so a code is accepted once even by two requests racing.
 */
export function totpStep(secret: string, code: string, afterStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const res = verifySync({ secret, token, epochTolerance: 30, ...(afterStep !== null ? { afterTimeStep: afterStep } : {}) });
    return res.valid && 'timeStep' in res ? (res.timeStep as number) : null;
  } catch {
    return null;
  }
}
