import { createDataSource } from '../src/database/data-source';
import { auditLedger } from '../src/donations/ledger-audit';
import { withClient } from '../bench/lib/database';
import { HttpClient } from '../bench/lib/http';
import { expectedDonation, expectedTotals } from './expected';
import { Scenario } from './scenario';

export interface Verdict {
  /** Money or events that should be in the ledger and are not (under-counted). */
  lost: number;
  /** Money counted more than once or that should have left the totals (over-counted). */
  doubleCounted: number;
  problems: string[];
}

interface Row {
  sid: string;
  status: string;
  amount: string;
  refunded: string;
  disputed: string;
}

/** Compares the database and the public API with the plan, row by row and total by total. */
export async function verify(dbUrl: string, client: HttpClient, scenario: Scenario): Promise<Verdict> {
  const v: Verdict = { lost: 0, doubleCounted: 0, problems: [] };
  await withClient(dbUrl, async (c) => {
    const rows = (await c.query<Row>('SELECT stripe_checkout_session_id AS sid, status, amount, refunded, disputed FROM donations')).rows;
    compareDonations(v, scenario, rows);
    const stored = new Set((await c.query<{ id: string }>('SELECT id FROM stripe_events')).rows.map((r) => r.id));
    const missing = scenario.events.filter((e) => !stored.has(e.id));
    if (missing.length) note(v, 'lost', `${missing.length} events never recorded, e.g. ${missing[0].id} (${missing[0].type})`);
    if (stored.size > scenario.events.length) v.problems.push(`${stored.size - scenario.events.length} unexpected stripe_events rows`);
    const totals = (
      await c.query<{ slug: string; raised: string; donation_count: number; donor_count: number }>(
        'SELECT a.slug, t.raised, t.donation_count, t.donor_count FROM appeal_totals t JOIN appeals a ON a.id = t.appeal_id',
      )
    ).rows;
    compareTotals(
      v,
      scenario,
      new Map(totals.map((t) => [t.slug, { raised: Number(t.raised), donations: t.donation_count, donors: t.donor_count }])),
      'database',
    );
  });
  await comparePublicTotals(v, client, scenario);
  const ds = await createDataSource(dbUrl).initialize();
  try {
    for (const p of await auditLedger(ds)) v.problems.push(`audit: ${p}`);
  } finally {
    await ds.destroy();
  }
  return v;
}

function compareDonations(v: Verdict, scenario: Scenario, rows: Row[]): void {
  const bySession = new Map(rows.map((r) => [r.sid, r]));
  const planned = new Set<string>();
  for (const p of scenario.payments) {
    const want = expectedDonation(p);
    const row = bySession.get(p.sessionId);
    if (!want) {
      if (row) note(v, 'double', `expired session ${p.sessionId} became a donation`);
      continue;
    }
    planned.add(p.sessionId);
    if (!row) {
      note(v, 'lost', `payment ${p.sessionId} (${p.path}) has no donation row`);
      continue;
    }
    const net = row.status === 'succeeded' ? Number(row.amount) - Number(row.refunded) - Number(row.disputed) : 0;
    if (net < want.net) note(v, 'lost', `${p.sessionId}: net ${net}, expected ${want.net}`);
    if (net > want.net) note(v, 'double', `${p.sessionId}: net ${net}, expected ${want.net}`);
    const fields = { amount: want.amount, refunded: want.refunded, disputed: want.disputed };
    for (const [k, expected] of Object.entries(fields)) {
      if (Number(row[k as keyof Row]) !== expected) v.problems.push(`${p.sessionId}: ${k} ${row[k as keyof Row]}, expected ${expected}`);
    }
    if (!want.statuses.includes(row.status))
      v.problems.push(`${p.sessionId}: status ${row.status}, expected ${want.statuses.join(' or ')}`);
  }
  const extra = rows.filter((r) => !planned.has(r.sid));
  if (extra.length) note(v, 'double', `${extra.length} donation rows for no planned payment, e.g. ${extra[0].sid}`);
}

type Totals = Map<string, { raised: number; donations: number; donors: number }>;

function compareTotals(v: Verdict, scenario: Scenario, actual: Totals, where: string): void {
  for (const [slug, want] of expectedTotals(scenario.appeals, scenario.payments)) {
    const got = actual.get(slug);
    if (!got) {
      note(v, 'lost', `${where}: no totals for ${slug}`);
      continue;
    }
    if (got.raised < want.raised) note(v, 'lost', `${where}: ${slug} raised ${got.raised}, expected ${want.raised}`);
    if (got.raised > want.raised) note(v, 'double', `${where}: ${slug} raised ${got.raised}, expected ${want.raised}`);
    if (got.donations !== want.donations) v.problems.push(`${where}: ${slug} donations ${got.donations}, expected ${want.donations}`);
    if (got.donors !== want.donors) v.problems.push(`${where}: ${slug} donors ${got.donors}, expected ${want.donors}`);
  }
}

/** The public read model follows the ledger through NOTIFY, so it gets a few seconds to settle. */
async function comparePublicTotals(v: Verdict, client: HttpClient, scenario: Scenario): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const attempt: Verdict = { lost: 0, doubleCounted: 0, problems: [] };
    const seen: Totals = new Map();
    for (const a of scenario.appeals) {
      const res = await client.send('GET', `/api/appeals/${a.slug}`);
      if (res.status !== 200) {
        attempt.problems.push(`GET /api/appeals/${a.slug}: ${res.status}`);
        continue;
      }
      const body = JSON.parse(res.body) as { raised: number; donations: number; donors: number };
      seen.set(a.slug, { raised: body.raised, donations: body.donations, donors: body.donors });
    }
    compareTotals(attempt, scenario, seen, 'public API');
    if (!attempt.problems.length || Date.now() > deadline) {
      v.lost += attempt.lost;
      v.doubleCounted += attempt.doubleCounted;
      v.problems.push(...attempt.problems);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function note(v: Verdict, kind: 'lost' | 'double', problem: string): void {
  if (kind === 'lost') v.lost++;
  else v.doubleCounted++;
  v.problems.push(problem);
}
