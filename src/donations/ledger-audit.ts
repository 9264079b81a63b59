import { DataSource, EntityManager } from 'typeorm';
import { countedSql } from './lifecycle-rows';

export interface TotalsRow {
  appeal_id: string;
  raised: string;
  donation_count: number;
  donor_count: number;
}

/**
 * Recomputes every appeal's totals from the ledger (never used on a read path). The stored
 * `appeal_totals` must always equal this; tests, the soak harness and `npm run cli -- audit`
 * compare the two.
 */
export async function recomputeTotals(db: DataSource | EntityManager): Promise<TotalsRow[]> {
  return db.query(`
    SELECT a.id AS appeal_id,
           COALESCE(SUM(GREATEST(0, d.amount - d.refunded - d.disputed)) FILTER (WHERE counted), 0)::text AS raised,
           (COUNT(*) FILTER (WHERE counted))::int AS donation_count,
           (COUNT(DISTINCT COALESCE(d.donor_key, d.id::text)) FILTER (WHERE counted))::int AS donor_count
    FROM appeals a
    LEFT JOIN LATERAL (
      SELECT x.*, (x.status = 'succeeded' AND x.amount - x.refunded - x.disputed > 0) AS counted
      FROM donations x WHERE x.appeal_id = a.id
    ) d ON true
    GROUP BY a.id ORDER BY a.id`);
}

export async function storedTotals(db: DataSource | EntityManager): Promise<TotalsRow[]> {
  return db.query(`SELECT appeal_id, raised::text AS raised, donation_count, donor_count FROM appeal_totals ORDER BY appeal_id`);
}

/** Donations whose refunded/disputed columns disagree with their refund and dispute rows. */
export async function lifecycleMismatches(db: DataSource | EntityManager): Promise<Array<{ id: string }>> {
  return db.query(`
    SELECT d.id FROM donations d
    WHERE d.refunded <> ${countedSql('refunds', 'd')} OR d.disputed <> ${countedSql('disputes', 'd')}`);
}

/** Differences between stored totals and the ledger, as readable lines (empty when they agree). */
export async function auditLedger(db: DataSource | EntityManager): Promise<string[]> {
  const [expected, stored, bad] = await Promise.all([recomputeTotals(db), storedTotals(db), lifecycleMismatches(db)]);
  const byId = new Map(stored.map((s) => [s.appeal_id, s]));
  const problems: string[] = [];
  for (const e of expected) {
    const s = byId.get(e.appeal_id);
    if (!s) { problems.push(`appeal ${e.appeal_id}: no totals row`); continue; }
    for (const k of ['raised', 'donation_count', 'donor_count'] as const) {
      if (String(s[k]) !== String(e[k])) problems.push(`appeal ${e.appeal_id}: ${k} stored ${s[k]}, ledger says ${e[k]}`);
    }
  }
  for (const b of bad) problems.push(`donation ${b.id}: refunded/disputed disagree with its refunds and disputes`);
  return problems;
}
