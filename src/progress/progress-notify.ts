import { UUID } from '../common/uuid';

/**
 * The receiving side of donations/progress-channel.ts: the totals row as the ledger's NOTIFY
 * carries it (the row just written by that change).
 */
export interface NotifiedTotals {
  raised: bigint;
  donations: number;
  donors: number;
  countries: number;
  /** Absent from payloads sent before monthly gifts existed (an older instance during a deploy). */
  monthlyDonors?: number;
  monthlyAmount?: bigint;
  updatedAt: Date;
}

export interface ProgressNotification {
  appealId: string;
  version: number;
  /** Present on money changes (the ledger); absent on edits, which need the appeal reloaded. */
  totals?: NotifiedTotals;
  /** Only the supporters wall changed (moderation): progress stays as it is. */
  wall?: boolean;
}

/** Parses a NOTIFY payload; anything malformed is ignored rather than trusted. */
export function parseNotification(payload: string | undefined): ProgressNotification | null {
  if (!payload) return null;
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    if (typeof p.appealId !== 'string' || !UUID.test(p.appealId)) return null;
    const n: ProgressNotification = { appealId: p.appealId.toLowerCase(), version: typeof p.version === 'number' ? p.version : 0 };
    if (p.wall === true) n.wall = true;
    const totals = totalsOf(p);
    if (totals && n.version > 0) n.totals = totals;
    return n;
  } catch {
    return null;
  }
}

/** Totals only when every field is sound; otherwise the receiver reloads from the database. */
function totalsOf(p: Record<string, unknown>): NotifiedTotals | undefined {
  const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  // raised travels as a string of digits: a JSON number past 2^53 would be rounded by JSON.parse.
  const raised = typeof p.raised === 'string' && /^\d{1,19}$/.test(p.raised) ? BigInt(p.raised) : null;
  if (raised === null || !count(p.donations) || !count(p.donors) || !count(p.countries) || typeof p.updatedAt !== 'string')
    return undefined;
  const updatedAt = new Date(p.updatedAt);
  if (Number.isNaN(updatedAt.getTime())) return undefined;
  const totals: NotifiedTotals = { raised, donations: p.donations, donors: p.donors, countries: p.countries, updatedAt };
  const monthlyAmount = typeof p.monthlyAmount === 'string' && /^\d{1,19}$/.test(p.monthlyAmount) ? BigInt(p.monthlyAmount) : null;
  if (count(p.monthlyDonors) && monthlyAmount !== null) Object.assign(totals, { monthlyDonors: p.monthlyDonors, monthlyAmount });
  return totals;
}
