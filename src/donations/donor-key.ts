/**
 * Who counts as the same donor: the e-mail when known, else the name. A gift with neither is
 * its own donor (null key).
 */
export function donorKeyOf(email?: string | null, name?: string | null): string | null {
  const e = email?.trim().toLowerCase();
  if (e) return `email:${e}`.slice(0, 400);
  const n = name?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (n) return `name:${n}`.slice(0, 400);
  return null;
}
