import { DataSource } from 'typeorm';
import { auditLedger } from '../../src/donations/ledger-audit';

/** Every e2e test ends with this: stored totals equal what the ledger rows say. */
export async function expectLedgerConsistent(ds: DataSource): Promise<void> {
  expect(await auditLedger(ds)).toEqual([]);
}

export async function totalsOf(
  ds: DataSource,
  slug: string,
): Promise<{ raised: number; donations: number; donors: number; version: number }> {
  const [row] = await ds.query(
    `SELECT t.raised, t.donation_count, t.donor_count, t.version FROM appeal_totals t JOIN appeals a ON a.id = t.appeal_id WHERE a.slug = $1`,
    [slug],
  );
  return { raised: Number(row.raised), donations: row.donation_count, donors: row.donor_count, version: Number(row.version) };
}

/** Empties the appeals and every money row hanging off them, so a test starts from nothing. */
export async function resetLedger(ds: DataSource): Promise<void> {
  await ds.query('TRUNCATE appeals, plans, donations, refunds, disputes, stripe_events, appeal_totals CASCADE');
}
