import { QueryFailedError } from 'typeorm';

/** PostgreSQL refused a duplicate (SQLSTATE 23505), optionally on the named constraint. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const d = (e instanceof QueryFailedError ? e.driverError : e) as { code?: string; constraint?: string };
  return d?.code === '23505' && (!constraint || d.constraint === constraint);
}
