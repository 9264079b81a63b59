import { PlannedPayment, SoakAppeal } from './scenario';

/**
 * What the ledger must say once every delivery has been acknowledged, computed from the plan
 * alone (never from the service's code), so a bug shared by the service and its own audit
 * still shows up here.
 */
export interface ExpectedDonation {
  /** Statuses the row may end in (an async failure that overtakes its completion leaves it pending). */
  statuses: string[];
  amount: number;
  refunded: number;
  disputed: number;
  net: number;
}

export interface ExpectedTotals {
  raised: number;
  donations: number;
  donors: number;
}

export function expectedDonation(p: PlannedPayment): ExpectedDonation | null {
  if (p.path === 'expired') return null;
  if (p.path === 'async_failed') return { statuses: ['failed', 'pending'], amount: p.amount, refunded: 0, disputed: 0, net: 0 };
  const refunded = Math.min(p.amount, p.refunds.length ? p.refunds[p.refunds.length - 1] : 0);
  const disputed = p.dispute && !p.dispute.reinstated ? p.amount : 0;
  return { statuses: ['succeeded'], amount: p.amount, refunded, disputed, net: p.amount - refunded - disputed };
}

/** Same person: same e-mail ignoring case, else same name ignoring case and spacing. */
function donorOf(p: PlannedPayment): string {
  if (p.email) return `e:${p.email.trim().toLowerCase()}`;
  if (p.name) return `n:${p.name.trim().toLowerCase().replace(/\s+/g, ' ')}`;
  return `anon:${p.sessionId}`;
}

export function expectedTotals(appeals: SoakAppeal[], payments: PlannedPayment[]): Map<string, ExpectedTotals> {
  const out = new Map(appeals.map((a) => [a.slug, { raised: 0, donations: 0, donors: 0 }]));
  const donors = new Map(appeals.map((a) => [a.slug, new Set<string>()]));
  for (const p of payments) {
    const e = expectedDonation(p);
    if (!e || e.net <= 0) continue;
    const t = out.get(p.appeal)!;
    t.raised += e.net;
    t.donations += 1;
    donors.get(p.appeal)!.add(donorOf(p));
  }
  for (const [slug, set] of donors) out.get(slug)!.donors = set.size;
  return out;
}
