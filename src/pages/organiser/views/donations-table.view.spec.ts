import type { DonationView } from '../../../donations/donation-view';
import { donationsTable } from './donations-table.view';

const base: DonationView = {
  id: 'd1',
  amount: 5000,
  currency: 'usd',
  status: 'succeeded',
  source: 'stripe',
  counted: true,
  refunded: 0,
  disputed: 0,
  net: 5000,
  donorName: 'Ada',
  donorEmail: null,
  anonymous: false,
  message: null,
  public: false,
  hidden: false,
  supporterId: 's1',
  country: null,
  note: null,
  reference: null,
  originalAmount: null,
  originalCurrency: null,
  recordedBy: null,
  reviewReason: null,
  stripePaymentIntentId: 'pi_1',
  planId: null,
  stripeInvoiceId: null,
  receivedAt: null,
  succeededAt: '2026-12-01T10:00:00.000Z',
  createdAt: '2026-12-01T10:00:00.000Z',
  refunds: [],
  disputes: [],
  void: null,
  resolution: null,
};
const at = '2026-12-01T11:00:00.000Z';
const refund = (status: string, counts: boolean) => ({
  id: 're_1',
  amount: 1500,
  currency: 'usd',
  status,
  counts,
  createdAt: at,
  updatedAt: at,
});
const dispute = (status: string, withdrawn: number, outcome: DonationView['disputes'][number]['outcome'] = null) => ({
  id: 'dp_1',
  amount: 5000,
  currency: 'usd',
  status,
  reason: 'product_not_received',
  inquiry: status.startsWith('warning_'),
  withdrawn,
  closed: outcome !== null,
  outcome,
  closedAt: outcome ? at : null,
  updatedAt: at,
});

describe('donations table: refunds and disputes', () => {
  it.each([
    ['a succeeded refund', { refunds: [refund('succeeded', true)] }, 'data-refund="succeeded">Refunded $15.00 on 1 Dec 2026, 11:00'],
    ['a pending refund', { refunds: [refund('pending', true)] }, 'Refund pending $15.00'],
    ['a failed refund', { refunds: [refund('failed', false)] }, 'Refund failed (money kept) $15.00'],
    ['a canceled refund', { refunds: [refund('canceled', false)] }, 'Refund canceled (money kept) $15.00'],
    [
      'an open dispute',
      { disputes: [dispute('needs_response', 5000)] },
      'Disputed: needs response (product not received) $50.00, $50.00 withdrawn',
    ],
    [
      'a dispute under review',
      { disputes: [dispute('under_review', 5000)] },
      'Disputed: under review (product not received) $50.00, $50.00 withdrawn',
    ],
    ['a won dispute', { disputes: [dispute('won', 0, 'won')] }, 'data-dispute="won">Dispute won (product not received) $50.00<'],
    ['a lost dispute', { disputes: [dispute('lost', 5000, 'lost')] }, 'Dispute lost (product not received) $50.00, $50.00 withdrawn'],
    ['an inquiry', { disputes: [dispute('warning_under_review', 0)] }, 'Inquiry: under review (product not received) $50.00<'],
    [
      'a closed inquiry',
      { disputes: [dispute('warning_closed', 0, 'closed_without_chargeback')] },
      'Inquiry closed (no chargeback) (product not received) $50.00<',
    ],
  ])('shows %s', (_n, over, text) => {
    expect(String(donationsTable('roof', [{ ...base, ...over }], null, false))).toContain(text);
  });
});
