import { Injectable, Optional } from '@nestjs/common';
import { Appeal } from '../appeals/appeal.entity';
import { Actor, visibleAppealIds } from '../auth/actor';
import { AuditService } from '../auth/audit/audit.service';
import { AppealsError } from '../appeals/appeals.error';
import { AppealsService } from '../appeals/appeals.service';
import { CreateAppealDto } from '../appeals/dto/create-appeal.dto';
import { UpdateAppealDto } from '../appeals/dto/update-appeal.dto';
import { isUniqueViolation } from '../database/unique-violation';
import { AppealTotals } from '../donations/appeal-totals.entity';
import { LedgerService } from '../donations/ledger.service';
import { notifyAppealChanged } from '../donations/progress-channel';
import { ProgressCache } from '../progress/progress-cache.service';
import { ProgressView, toProgressView } from '../progress/progress-view';

export interface OrganiserAppealView extends ProgressView {
  createdAt: string;
  presetAmounts: number[];
  monthlyEnabled: boolean;
  monthlyPresetAmounts: number[];
}

/**
 * The organiser's appeal API: an appeal with its totals. It sits above appeals (the table),
 * donations (the ledger, which owns the totals row) and progress (the cache to refresh).
 */
@Injectable()
export class OrganiserAppealsService {
  constructor(
    private readonly appeals: AppealsService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    @Optional() private readonly progress?: ProgressCache,
  ) {}

  async create(dto: CreateAppealDto, actor: Actor): Promise<OrganiserAppealView> {
    const appeal = this.appeals.build(dto);
    try {
      // The appeal and its totals row are born together so no reader ever finds one without the other.
      const saved = await this.ledger.transaction(async (em) => {
        const a = await this.appeals.save(em, appeal);
        await this.ledger.openTotals(em, a.id);
        await this.audit.record({ actor, action: 'appeal.created', appeal: a, details: { fields: setFields(dto) } }, em);
        await notifyAppealChanged(em, a.id);
        return a;
      });
      await this.refreshProgress(saved.id);
      return this.organiserView(saved);
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_appeals_slug')) throw AppealsError.slugTaken(dto.slug);
      throw e;
    }
  }

  async update(slug: string, dto: UpdateAppealDto, actor: Actor): Promise<OrganiserAppealView> {
    const appeal = await this.appeals.findBySlug(slug);
    const before = snapshot(appeal);
    const totals = await this.ledger.totalsOf(appeal.id);
    this.appeals.applyUpdate(appeal, dto, !!totals && (totals.donationCount > 0 || totals.version > 1));
    const changed = changedFields(before, snapshot(appeal));
    // Every instance's progress cache reloads on this NOTIFY (delivered on commit).
    const saved = await this.ledger.transaction(async (em) => {
      const a = await this.appeals.save(em, appeal);
      await this.audit.record(
        { actor, action: 'appeal.edited', appeal: a, details: { fields: Object.keys(changed), changes: changed } },
        em,
      );
      await notifyAppealChanged(em, a.id);
      return a;
    });
    await this.refreshProgress(saved.id);
    return this.organiserView(saved);
  }

  /** The appeals `actor` may read (every appeal for owners). */
  async list(actor: Actor): Promise<OrganiserAppealView[]> {
    const [appeals, totals] = await Promise.all([this.appeals.list(), this.ledger.allTotals()]);
    const byId = new Map(totals.map((t) => [t.appealId, t]));
    const visible = visibleAppealIds(actor);
    return appeals.filter((a) => !visible || visible.includes(a.id)).map((a) => view(a, byId.get(a.id)));
  }

  async organiserView(appeal: Appeal): Promise<OrganiserAppealView> {
    return view(appeal, (await this.ledger.totalsOf(appeal.id)) ?? undefined);
  }

  /** Read-your-writes on this instance: the public routes show the change as soon as we answer. */
  private async refreshProgress(appealId: string): Promise<void> {
    await this.progress?.refresh(appealId).catch(() => undefined);
  }
}

function view(appeal: Appeal, totals?: AppealTotals): OrganiserAppealView {
  const t =
    totals ??
    Object.assign(new AppealTotals(), {
      raised: 0n,
      donationCount: 0,
      donorCount: 0,
      monthlyDonors: 0,
      monthlyAmount: 0n,
      version: 1,
      updatedAt: appeal.updatedAt,
    });
  return {
    ...toProgressView(appeal, t),
    createdAt: appeal.createdAt.toISOString(),
    presetAmounts: appeal.presetAmounts,
    monthlyEnabled: appeal.monthlyEnabled,
    monthlyPresetAmounts: appeal.monthlyPresetAmounts,
  };
}

const EDITABLE = ['title', 'description', 'currency', 'target', 'status', 'startsAt', 'endsAt', 'stretchTargets', 'presetAmounts'] as const;

/** The fields a create request set (the audit says which; the values are on the appeal itself). */
const setFields = (dto: object): string[] => Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);

function snapshot(a: Appeal): Record<string, unknown> {
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  return Object.fromEntries(EDITABLE.map((k) => [k, plain(a[k])]));
}

/** Field -> {from, to} for each field whose value changed (descriptions are long: only that they changed). */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    out[k] = k === 'description' ? { changed: true } : { from: before[k] ?? null, to: after[k] ?? null };
  }
  return out;
}
