import { DataSource } from 'typeorm';
import { auditLedger } from '../../src/donations/ledger-audit';
import { TestApp } from './app';

/** Every e2e test ends with this: stored totals equal what the ledger rows say. */
export async function expectLedgerConsistent(ds: DataSource): Promise<void> {
  expect(await auditLedger(ds)).toEqual([]);
}

export async function totalsOf(ds: DataSource, slug: string): Promise<{ raised: number; donations: number; donors: number; version: number }> {
  const [row] = await ds.query(
    `SELECT t.raised, t.donation_count, t.donor_count, t.version FROM appeal_totals t JOIN appeals a ON a.id = t.appeal_id WHERE a.slug = $1`, [slug]);
  return { raised: Number(row.raised), donations: row.donation_count, donors: row.donor_count, version: Number(row.version) };
}

export async function createAppeal(t: TestApp, slug: string, over: Record<string, unknown> = {}): Promise<void> {
  const res = await t.request('POST', '/api/appeals', { body: { slug, title: `Appeal ${slug}`, currency: 'usd', target: 1_000_000, status: 'active', ...over } });
  if (res.status !== 201) throw new Error(`could not create appeal ${slug}: ${res.status} ${res.text}`);
}

/** Starts a real checkout (pending donation + sandbox session) and returns its ids. */
export async function startCheckout(t: TestApp, slug: string, amount: number, body: Record<string, unknown> = {}): Promise<{ sessionId: string; donationId: string; url: string }> {
  const res = await t.request('POST', `/api/appeals/${slug}/checkout`, { body: { amount, ...body }, token: null });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${res.text}`);
  const [row] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [res.body.id]);
  return { sessionId: res.body.id, donationId: row.id, url: res.body.url };
}
