import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
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

const CLOCK_SKEW_MS = 24 * 3600 * 1000;

@Injectable()
export class DonationsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly appeals: AppealsService,
    private readonly ds: DataSource,
  ) {}

  /** Records a gift received outside Stripe; the same reference twice is one gift. */
  async recordOffline(slug: string, dto: RecordOfflineGiftDto, organiser: string): Promise<{ created: boolean; donation: DonationView }> {
    const appeal = await this.appeals.findBySlug(slug);
    const values = offlineValues(appeal, dto, organiser);
    try {
      const d = await this.ledger.transaction((em) => this.ledger.insert(em, values));
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
  async setPublic(slug: string, id: string, visible: boolean): Promise<DonationView> {
    const appeal = await this.appeals.findBySlug(slug);
    if (!UUID.test(id) || !(await this.ledger.setPublic(appeal.id, id.toLowerCase(), visible))) throw DonationsError.notFound(id);
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

  private async lifecyclesOf(ids: string[]): Promise<Map<string, Lifecycle>> {
    const map = new Map<string, Lifecycle>(ids.map((id) => [id, { refunds: [], disputes: [] }]));
    if (!ids.length) return map;
    const [refunds, disputes] = await Promise.all([
      this.ds.getRepository(Refund).find({ where: { donationId: In(ids) }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(Dispute).find({ where: { donationId: In(ids) }, order: { createdAt: 'ASC' } }),
    ]);
    for (const r of refunds) map.get(r.donationId)!.refunds!.push(r);
    for (const x of disputes) map.get(x.donationId)!.disputes!.push(x);
    return map;
  }
}

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
];

/** `status amount` per refund or dispute, `; `-separated, in the order they were first seen. */
const lifecycleCell = (items: Array<{ status: string; amount: number }>) =>
  csvValue(items.map((x) => `${x.status} ${x.amount}`).join('; '));

function csvLine(d: Donation, lifecycle: Lifecycle): string {
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
  ]);
}
