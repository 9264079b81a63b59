import { Adjustment } from './adjustment.entity';
import { Donation, isCounted, netOf } from './donation.entity';

/** The organiser's view of one gift, donor details included. Never served publicly. */
export interface DonationView {
  id: string;
  amount: number;
  currency: string;
  status: string;
  source: string;
  counted: boolean;
  refunded: number;
  disputed: number;
  net: number;
  donorName: string | null;
  donorEmail: string | null;
  anonymous: boolean;
  message: string | null;
  note: string | null;
  reference: string | null;
  originalAmount: number | null;
  originalCurrency: string | null;
  recordedBy: string | null;
  reviewReason: string | null;
  stripePaymentIntentId: string | null;
  receivedAt: string | null;
  succeededAt: string | null;
  createdAt: string;
  adjustments: Array<{ kind: string; amount: number; externalId: string; createdAt: string }>;
}

export function toDonationView(d: Donation, adjustments: Adjustment[] = []): DonationView {
  return {
    id: d.id, amount: d.amount, currency: d.currency, status: d.status, source: d.source,
    counted: isCounted(d), refunded: d.refunded, disputed: d.disputed, net: netOf(d),
    donorName: d.donorName, donorEmail: d.donorEmail, anonymous: d.anonymous, message: d.message, note: d.note,
    reference: d.offlineReference, originalAmount: d.originalAmount, originalCurrency: d.originalCurrency,
    recordedBy: d.recordedBy, reviewReason: d.reviewReason, stripePaymentIntentId: d.stripePaymentIntentId,
    receivedAt: d.receivedAt?.toISOString() ?? null, succeededAt: d.succeededAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    adjustments: adjustments.map((a) => ({ kind: a.kind, amount: a.amount, externalId: a.externalId, createdAt: a.createdAt.toISOString() })),
  };
}
