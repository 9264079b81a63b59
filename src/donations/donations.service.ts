import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation';
import { toDecimalString } from '../money';
import { csvRow, csvText, csvValue } from './csv';
import { Donation, netOf } from './donation.entity';
import { Dispute } from './dispute.entity';
import { DonationView, Lifecycle, toDonationView } from './donation-view';
import { Refund } from './refund.entity';
import { DonationsError } from './donations.error';
import { RecordOfflineGiftDto } from './dto/record-offline-gift.dto';
import { LedgerService } from './ledger.service';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { UUID } from '../common/uuid';
import { Actor, actorLabel } from '../auth/actor';
import { AuditService } from '../auth/audit/audit.service';
import { VoidGiftDto } from './dto/void-gift.dto';
import { GiftVoid } from './gift-void.entity';
import { ReviewResolution } from './review-resolution.entity';

/** A void as the service answers it: the gift before and after, and whether this call voided it. */
export interface VoidOutcome {
  created: boolean;
  before: DonationView;
  after: DonationView;
}

const CLOCK_SKEW_MS = 24 * 3600 * 1000;

@Injectable()
export class DonationsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly appeals: AppealsService,
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Records a gift received outside Stripe; the same reference twice is one gift. */
  async recordOffline(slug: string, dto: RecordOfflineGiftDto, actor: Actor): Promise<{ created: boolean; donation: DonationView }> {
    const appeal = await this.appeals.findBySlug(slug);
    const values = offlineValues(appeal, dto, actorLabel(actor));
    try {
      // The gift and its audit entry commit together: the trail never misses a counted gift.
      const d = await this.ledger.transaction(async (em) => {
        const row = await this.ledger.insert(em, values);
        await this.audit.record({ actor, action: 'gift.recorded', appeal, details: giftDetails(row) }, em);
        return row;
      });
      return { created: true, donation: toDonationView(d) };
    } catch (e) {
      if (!isUniqueViolation(e, 'UQ_donations_offline_reference')) throw e;
    }
    const existing = await this.ds
      .getRepository(Donation)
      .findOneByOrFail({ appealId: appeal.id, offlineReference: values.offlineReference! });
    if (
      existing.amount !== values.amount ||
      existing.originalCurrency !== values.originalCurrency ||
      existing.originalAmount !== values.originalAmount
    ) {
      throw DonationsError.referenceReused(values.offlineReference!);
    }
    return { created: false, donation: toDonationView(existing) };
  }

  /** PATCH .../donations/:id {public}: shows or hides the gift's name and message on the wall. */
  async setPublic(slug: string, id: string, visible: boolean, actor: Actor): Promise<DonationView> {
    const appeal = await this.appeals.findBySlug(slug);
    const donationId = id.toLowerCase();
    const audit = (em: EntityManager) =>
      this.audit.record({ actor, action: visible ? 'message.shown' : 'message.hidden', appeal, details: { donationId } }, em);
    if (!UUID.test(id) || !(await this.ledger.setPublic(appeal.id, donationId, visible, audit))) throw DonationsError.notFound(id);
    const d = await this.ds.getRepository(Donation).findOneByOrFail({ id: id.toLowerCase() });
    const lifecycles = await this.lifecyclesOf([d.id]);
    return toDonationView(d, lifecycles.get(d.id));
  }

  /** Newest first, keyset-paginated on (created_at, id): stable under concurrent inserts. */
  async list(slug: string, limit = 50, cursor?: string): Promise<{ data: DonationView[]; nextCursor: string | null }> {
    const appeal = await this.appeals.findBySlug(slug);
    const after = cursor ? decodeCursor(cursor) : null;
    const qb = this.ds
      .getRepository(Donation)
      .createQueryBuilder('d')
      .addSelect('d.created_at::text', 'created_text')
      .where('d.appeal_id = :id', { id: appeal.id })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere('(d.created_at, d.id) < (:ts::timestamptz, :cid::uuid)', { ts: after[0], cid: after[1] });
    const { entities, raw } = await qb.getRawAndEntities<{ created_text: string }>();
    const page = entities.slice(0, limit);
    const lifecycles = await this.lifecyclesOf(page.map((d) => d.id));
    const last = page.length === limit && entities.length > limit ? raw[limit - 1] : null;
    return {
      data: page.map((d) => toDonationView(d, lifecycles.get(d.id))),
      nextCursor: last ? encodeCursor(last.created_text, page[limit - 1].id) : null,
    };
  }

  /** Every donation of an appeal as CSV, read in keyset batches so memory stays flat. */
  async csv(slug: string): Promise<{ filename: string; stream: Readable }> {
    const appeal = await this.appeals.findBySlug(slug);
    const repo = this.ds.getRepository(Donation);
    const lifecyclesOf = (ids: string[]) => this.lifecyclesOf(ids);
    async function* rows() {
      yield csvRow(CSV_HEADER.map(csvValue));
      let after: [string, string] | null = null;
      for (;;) {
        const qb = repo
          .createQueryBuilder('d')
          .leftJoinAndSelect('d.plan', 'p')
          .addSelect('d.created_at::text', 'created_text')
          .where('d.appeal_id = :id', { id: appeal.id })
          .orderBy('d.created_at', 'ASC')
          .addOrderBy('d.id', 'ASC')
          .limit(1000);
        if (after) qb.andWhere('(d.created_at, d.id) > (:ts::timestamptz, :cid::uuid)', { ts: after[0], cid: after[1] });
        const { entities, raw } = await qb.getRawAndEntities<{ created_text: string }>();
        if (!entities.length) return;
        const lifecycles = await lifecyclesOf(entities.map((d) => d.id));
        yield entities.map((d) => csvLine(d, lifecycles.get(d.id)!)).join('');
        after = [raw[entities.length - 1].created_text, entities[entities.length - 1].id];
      }
    }
    return { filename: `${appeal.slug}-donations.csv`, stream: Readable.from(rows()) };
  }

  /**
   * Voids an offline gift of this appeal (a Stripe gift is refused: it is refunded instead). The
   * one place an organiser takes a gift out: answers the gift before and after, and whether this
   * call voided it (false: it was voided already, and the existing void is answered).
   */
  async voidGift(slug: string, id: string, dto: VoidGiftDto, actor: Actor): Promise<VoidOutcome> {
    const appeal = await this.appeals.findBySlug(slug);
    if (!UUID.test(id)) throw DonationsError.invalid(['id must be a donation id (a UUID)']);
    const found = await this.ds.getRepository(Donation).findOneBy({ id, appealId: appeal.id });
    if (!found) throw DonationsError.notFound(id);
    const before = await this.view(found);
    const reason = dto.reason.trim();
    // The void and its audit entry commit together; voiding again (a repeat) is not a new action.
    const res = await this.ledger.transaction(async (em) => {
      const change = await this.ledger.voidOffline(em, found, { reason, by: actorLabel(actor) });
      if (change.created) {
        const details = { donationId: found.id, amount: found.amount, currency: found.currency, reference: found.offlineReference, reason };
        await this.audit.record({ actor, action: 'gift.voided', appeal, details }, em);
      }
      return change;
    });
    return { created: res.created, before, after: await this.view(res.donation) };
  }

  findById(id: string): Promise<Donation | null> {
    return this.ds.getRepository(Donation).findOneBy({ id });
  }

  /** One donation as the organiser API shows it, with its refunds, disputes, void and resolution. */
  async view(d: Donation): Promise<DonationView> {
    return toDonationView(d, (await this.lifecyclesOf([d.id])).get(d.id));
  }

  async lifecyclesOf(ids: string[]): Promise<Map<string, Lifecycle>> {
    const map = new Map<string, Lifecycle>(ids.map((id) => [id, { refunds: [], disputes: [], void: null, resolution: null }]));
    if (!ids.length) return map;
    const [refunds, disputes, voids, resolutions] = await Promise.all([
      this.ds.getRepository(Refund).find({ where: { donationId: In(ids) }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(Dispute).find({ where: { donationId: In(ids) }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(GiftVoid).findBy({ donationId: In(ids) }),
      this.ds.getRepository(ReviewResolution).findBy({ donationId: In(ids) }),
    ]);
    for (const r of refunds) map.get(r.donationId)!.refunds!.push(r);
    for (const x of disputes) map.get(x.donationId)!.disputes!.push(x);
    for (const v of voids) map.get(v.donationId)!.void = v;
    for (const r of resolutions) map.get(r.donationId)!.resolution = r;
    return map;
  }
}

/** What the audit trail says of an offline gift (no donor details: the donations list holds those). */
const giftDetails = (d: Donation) => ({
  donationId: d.id,
  amount: d.amount,
  currency: d.currency,
  originalAmount: d.originalAmount,
  originalCurrency: d.originalCurrency,
  reference: d.offlineReference,
  receivedAt: d.receivedAt?.toISOString() ?? null,
});

function offlineValues(appeal: Appeal, dto: RecordOfflineGiftDto, organiser: string): Partial<Donation> {
  const currency = dto.currency ?? appeal.currency;
  const foreign = currency !== appeal.currency;
  const problems: string[] = [];
  if (foreign && dto.convertedAmount === undefined) {
    problems.push(`convertedAmount is required when currency (${currency}) differs from the appeal currency (${appeal.currency})`);
  }
  if (!foreign && dto.convertedAmount !== undefined && dto.convertedAmount !== dto.amount) {
    problems.push('convertedAmount must be omitted (or equal amount) when the gift is in the appeal currency');
  }
  const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : new Date();
  if (receivedAt.getTime() > Date.now() + CLOCK_SKEW_MS) problems.push('receivedAt must not be in the future');
  if (problems.length) throw DonationsError.invalid(problems);
  return {
    appealId: appeal.id,
    source: 'offline',
    status: 'succeeded',
    currency: appeal.currency,
    amount: foreign ? dto.convertedAmount! : dto.amount,
    originalAmount: foreign ? dto.amount : null,
    originalCurrency: foreign ? currency : null,
    offlineReference: dto.reference.trim(),
    donorName: dto.donorName?.trim() || null,
    note: dto.note?.trim() || null,
    message: dto.message?.trim() || null,
    public: dto.public ?? false,
    country: dto.country?.toUpperCase() ?? null,
    receivedAt,
    recordedBy: organiser,
  };
}

const CSV_HEADER = [
  'created_at',
  'received_at',
  'status',
  'source',
  'counted_amount',
  'counted_amount_decimal',
  'currency',
  'refunded',
  'disputed',
  'net',
  'original_amount',
  'original_currency',
  'donor_name',
  'donor_email',
  'anonymous',
  'message',
  'note',
  'reference',
  'recorded_by',
  'stripe_payment_intent',
  'review_reason',
  'donation_id',
  // Monthly gifts: the plan this payment belongs to, its state now and amount, the invoice paid.
  'plan_id',
  'plan_state',
  'plan_amount',
  'plan_interval',
  'stripe_invoice',
  'refunds',
  'disputes',
  'voided_at',
  'voided_by',
  'void_reason',
  'review_resolution',
];

/** `status amount` per refund or dispute, `; `-separated, in the order they were first seen. */
const lifecycleCell = (items: Array<{ status: string; amount: number }>) =>
  csvValue(items.map((x) => `${x.status} ${x.amount}`).join('; '));

/** A voided gift's line, then its void's: the adjustment, negative, dated when it was made. */
function csvLine(d: Donation, lifecycle: Lifecycle): string {
  const gift = giftLine(d, lifecycle);
  const v = lifecycle.void;
  if (!v) return gift;
  return (
    gift +
    csvRow([
      csvValue(v.createdAt.toISOString()),
      csvValue(d.receivedAt?.toISOString()),
      csvValue('void'),
      csvValue(d.source),
      csvValue(-v.amount),
      csvValue(toDecimalString(-v.amount, v.currency)),
      csvValue(v.currency),
      csvValue(0),
      csvValue(0),
      csvValue(-v.amount),
      '""',
      '""',
      csvText(d.donorName),
      csvText(d.donorEmail),
      csvValue(d.anonymous),
      '""',
      csvText(v.reason),
      csvText(d.offlineReference),
      csvText(v.voidedBy),
      '""',
      '""',
      csvValue(d.id),
      // The plan columns (an offline gift has no plan), then refunds and disputes.
      ...['""', '""', '""', '""', '""'],
      '""',
      '""',
      ...voidCells(v),
      '""',
    ])
  );
}

const voidCells = (v: GiftVoid | null | undefined) => [csvValue(v?.createdAt.toISOString()), csvText(v?.voidedBy), csvText(v?.reason)];

/** `assign 2500 usd by <who> at <when>` or `refund re_... by <who> at <when>`. */
function resolutionCell(r: ReviewResolution | null | undefined): string {
  if (!r) return '""';
  const what = r.action === 'assign' ? `assign ${r.amount} ${r.currency}` : `refund ${r.stripeRefundId}`;
  return csvText(`${what} by ${r.resolvedBy} at ${r.createdAt.toISOString()}`);
}

function giftLine(d: Donation, lifecycle: Lifecycle): string {
  const net = netOf(d);
  return csvRow([
    csvValue(d.createdAt.toISOString()),
    csvValue(d.receivedAt?.toISOString()),
    csvValue(d.status),
    csvValue(d.source),
    csvValue(d.amount),
    csvValue(toDecimalString(d.amount, d.currency)),
    csvValue(d.currency),
    csvValue(d.refunded),
    csvValue(d.disputed),
    csvValue(net),
    csvValue(d.originalAmount),
    csvValue(d.originalCurrency),
    csvText(d.donorName),
    csvText(d.donorEmail),
    csvValue(d.anonymous),
    csvText(d.message),
    csvText(d.note),
    csvText(d.offlineReference),
    csvText(d.recordedBy),
    csvValue(d.stripePaymentIntentId),
    csvText(d.reviewReason),
    csvValue(d.id),
    csvValue(d.planId),
    csvValue(d.plan?.state),
    csvValue(d.plan?.amount),
    csvValue(d.plan ? (d.plan.intervalCount === 1 ? d.plan.interval : `${d.plan.intervalCount} ${d.plan.interval}`) : null),
    csvValue(d.stripeInvoiceId),
    lifecycleCell(lifecycle.refunds ?? []),
    lifecycleCell(lifecycle.disputes ?? []),
    ...voidCells(lifecycle.void),
    resolutionCell(lifecycle.resolution),
  ]);
}
