import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { SUPPORTERS_PAGE } from './supporters.queries';

/** One gift as the public supporters wall shows it: never an e-mail, never an internal note. */
export interface Supporter {
  /** Stable per gift, but not the gift's internal id (public answers carry none but the slug). */
  id: string;
  /** null: the donor did not choose to be named (the page says "Anonymous"), or it was hidden. */
  name: string | null;
  message: string | null;
  /** What the appeal keeps of the gift, in minor units; null when the appeal hides amounts. */
  amount: number | null;
  currency: string;
  /** ISO 3166-1 alpha-2; only beside a name. */
  country: string | null;
  at: string;
}

export interface SupportersPage {
  supporters: Supporter[];
  nextCursor: string | null;
}

interface Row {
  id: string;
  at_text: string;
  at: Date;
  amount: string | null;
  currency: string;
  name: string | null;
  message: string | null;
  country: string | null;
}

/**
 * A page of an appeal's wall, newest first, keyset-paginated on (when given, id). `cursor` is a
 * previous page's nextCursor; anything else is a DonationsError (400).
 */
export async function readSupporters(
  db: DataSource | EntityManager,
  appealId: string,
  limit: number,
  cursor?: string,
): Promise<SupportersPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = (await db.query(SUPPORTERS_PAGE, [appealId, after?.[0] ?? null, after?.[1] ?? null, limit + 1])) as Row[];
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page[page.length - 1] : null;
  return {
    supporters: page.map((r) => ({
      id: supporterId(r.id),
      name: r.name,
      message: r.message,
      amount: r.amount === null ? null : Number(r.amount),
      currency: r.currency,
      country: r.country,
      at: new Date(r.at).toISOString(),
    })),
    nextCursor: last ? encodeCursor(last.at_text, last.id) : null,
  };
}

/** A gift's public id: a digest of its (random, unguessable) UUID, which it does not reveal. */
export function supporterId(donationId: string): string {
  return createHash('sha256').update(`supporter:${donationId}`).digest('base64url').slice(0, 22);
}
