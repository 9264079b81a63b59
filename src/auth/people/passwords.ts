import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 20-40 ms per hash
 * here, slow enough to make offline guessing costly, fast enough for a sign-in form behind a
 * rate limit. @node-rs/argon2 ships prebuilt binaries, so no compiler is needed at install.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

/** A hash of nothing anyone knows: an unknown e-mail costs the same verification as a known one. */
let dummy: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword(`no account ${Math.random()}`);
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Problems with a new password, as sentences naming the field. */
export function passwordProblems(password: string, email: string): string[] {
  if (password.length < PASSWORD_MIN) return [`password must be at least ${PASSWORD_MIN} characters`];
  if (password.length > PASSWORD_MAX) return [`password must be at most ${PASSWORD_MAX} characters`];
  const p = password.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  if (p === e || p === e.split('@')[0]) return ['password must not be your e-mail address'];
  return [];
}
