import { DataSource, EntityManager } from 'typeorm';
import { AUDIT_DRIFTED_DONATIONS, AUDIT_STORED_TOTALS, AUDIT_TOTALS_FROM_DONATIONS } from './ledger-audit.queries';
import { AUDIT_MONTHLY_FROM_PLANS, AUDIT_STORED_MONTHLY } from './plans.queries';

export interface TotalsRow {
  appeal_id: string;
  raised: string;
  donation_count: number;
  donor_count: number;
  countries: number;
}

interface MonthlyRow {
  appeal_id: string;
  monthly_donors: number;
  monthly_amount: string;
}

/**
 * Recomputes every appeal's totals from the ledger (never used on a read path). The stored
 * `appeal_totals` must always equal this; tests, the soak harness and `npm run cli -- audit`
 * compare the two.
 */
export async function recomputeTotals(db: DataSource | EntityManager): Promise<TotalsRow[]> {
  return db.query(AUDIT_TOTALS_FROM_DONATIONS);
}

export async function storedTotals(db: DataSource | EntityManager): Promise<TotalsRow[]> {
  return db.query(AUDIT_STORED_TOTALS);
}

/** Donations whose refunded/disputed columns or voided status disagree with their refund, dispute and void rows. */
export async function lifecycleMismatches(db: DataSource | EntityManager): Promise<Array<{ id: string }>> {
  return db.query(AUDIT_DRIFTED_DONATIONS);
}

/** Differences between stored totals and the ledger, as readable lines (empty when they agree). */
export async function auditLedger(db: DataSource | EntityManager): Promise<string[]> {
  const [expected, stored, bad, monthly, storedMonthly] = await Promise.all([
    recomputeTotals(db),
    storedTotals(db),
    lifecycleMismatches(db),
    db.query(AUDIT_MONTHLY_FROM_PLANS) as Promise<MonthlyRow[]>,
    db.query(AUDIT_STORED_MONTHLY) as Promise<MonthlyRow[]>,
  ]);
  const byId = new Map(stored.map((s) => [s.appeal_id, s]));
  const problems: string[] = [];
  for (const e of expected) {
    const s = byId.get(e.appeal_id);
    if (!s) {
      problems.push(`appeal ${e.appeal_id}: no totals row`);
      continue;
    }
    for (const k of ['raised', 'donation_count', 'donor_count', 'countries'] as const) {
      if (String(s[k]) !== String(e[k])) problems.push(`appeal ${e.appeal_id}: ${k} stored ${s[k]}, ledger says ${e[k]}`);
    }
  }
  const monthlyById = new Map(storedMonthly.map((s) => [s.appeal_id, s]));
  for (const e of monthly) {
    const s = monthlyById.get(e.appeal_id);
    for (const k of ['monthly_donors', 'monthly_amount'] as const) {
      if (s && String(s[k]) !== String(e[k])) problems.push(`appeal ${e.appeal_id}: ${k} stored ${s[k]}, plans say ${e[k]}`);
    }
  }
  for (const b of bad) problems.push(`donation ${b.id}: refunded/disputed/voided disagree with its refunds, disputes and void`);
  return problems;
}
