import { withClient } from './database';

/**
 * Puts `count` succeeded donations straight into the ledger with one INSERT ... SELECT over
 * generate_series, and sets the appeal's totals to match (the audit agrees), so a million rows
 * take seconds instead of a million webhooks. Donors repeat: one e-mail per 20 gifts.
 */
export async function seedDonations(url: string, slug: string, count: number): Promise<void> {
  await withClient(url, async (c) => {
    const [appeal] = (
      await c.query<{ id: string }>(
        `WITH a AS (INSERT INTO appeals (slug, title, currency, target, status)
        VALUES ($1, $2, 'usd', 1000000000000, 'active') RETURNING id)
      INSERT INTO appeal_totals (appeal_id) SELECT id FROM a RETURNING appeal_id AS id`,
        [slug, `Seeded ${slug}`],
      )
    ).rows;
    await c.query(
      `INSERT INTO donations (appeal_id, amount, currency, status, source, donor_email, donor_name, donor_key, message, created_at, succeeded_at)
      SELECT $1, 100 + (i % 9900), 'usd', 'succeeded', 'stripe', 'donor' || (i / 20) || '@example.org', 'Donor ' || (i / 20),
             'email:donor' || (i / 20) || '@example.org', CASE WHEN i % 7 = 0 THEN 'Good luck, "team"' END,
             now() - (($2 - i) || ' seconds')::interval, now()
      FROM generate_series(1, $2::int) AS i`,
      [appeal.id, count],
    );
    await c.query(
      `UPDATE appeal_totals t SET raised = s.raised, donation_count = s.n, donor_count = s.donors, version = version + 1
      FROM (SELECT sum(amount) AS raised, count(*) AS n, count(DISTINCT donor_key) AS donors FROM donations WHERE appeal_id = $1) s
      WHERE t.appeal_id = $1`,
      [appeal.id],
    );
    await c.query('ANALYZE donations');
  });
}
