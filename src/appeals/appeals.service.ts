import { Injectable, Optional } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppealTotals } from '../donations/appeal-totals.entity';
import { ProgressCache } from '../progress/progress-cache.service';
import { notifyAppealChanged } from '../progress/progress-notify';
import { ProgressView, toProgressView } from '../progress/progress-view';
import { Appeal } from './appeal.entity';
import { appealRuleProblems, parseDate } from './appeal-rules';
import { AppealsError } from './appeals.error';
import { CreateAppealDto } from './dto/create-appeal.dto';
import { nullFieldProblems, UpdateAppealDto } from './dto/update-appeal.dto';

export interface OrganiserAppealView extends ProgressView {
  createdAt: string;
  presetAmounts: number[];
}

@Injectable()
export class AppealsService {
  constructor(private readonly ds: DataSource, @Optional() private readonly progress?: ProgressCache) {}

  async create(dto: CreateAppealDto): Promise<OrganiserAppealView> {
    const appeal = this.ds.getRepository(Appeal).create({
      slug: dto.slug, title: dto.title, description: dto.description ?? '', currency: dto.currency,
      target: dto.target, status: dto.status ?? 'draft', startsAt: parseDate(dto.startsAt) ?? null,
      endsAt: parseDate(dto.endsAt) ?? null, stretchTargets: dto.stretchTargets ?? [],
      presetAmounts: dto.presetAmounts ?? [],
    });
    this.assertRules(appeal);
    try {
      // The appeal and its totals row are born together so no reader ever finds one without the other.
      const saved = await this.ds.transaction(async (em) => {
        const a = await em.save(appeal);
        await em.insert(AppealTotals, { appealId: a.id });
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

  async update(slug: string, dto: UpdateAppealDto): Promise<OrganiserAppealView> {
    const nulls = nullFieldProblems(dto);
    if (nulls.length) throw AppealsError.invalid(nulls);
    const appeal = await this.findBySlug(slug);
    if (dto.currency !== undefined && dto.currency !== appeal.currency && (await this.hasDonations(appeal.id))) {
      throw AppealsError.currencyLocked();
    }
    const { startsAt, endsAt, ...rest } = dto;
    Object.assign(appeal, rest);
    if (startsAt !== undefined) appeal.startsAt = parseDate(startsAt) ?? null;
    if (endsAt !== undefined) appeal.endsAt = parseDate(endsAt) ?? null;
    this.assertRules(appeal);
    // Every instance's progress cache reloads on this NOTIFY (delivered on commit).
    const saved = await this.ds.transaction(async (em) => {
      const a = await em.save(appeal);
      await notifyAppealChanged(em, a.id);
      return a;
    });
    await this.refreshProgress(saved.id);
    return this.organiserView(saved);
  }

  /** Read-your-writes on this instance: the public routes show the change as soon as we answer. */
  private async refreshProgress(appealId: string): Promise<void> {
    await this.progress?.refresh(appealId).catch(() => undefined);
  }

  async list(): Promise<OrganiserAppealView[]> {
    const appeals = await this.ds.getRepository(Appeal).find({ order: { createdAt: 'DESC' } });
    const totals = await this.ds.getRepository(AppealTotals).find();
    const byId = new Map(totals.map((t) => [t.appealId, t]));
    return appeals.map((a) => this.view(a, byId.get(a.id)));
  }

  async findBySlug(slug: string): Promise<Appeal> {
    const appeal = await this.ds.getRepository(Appeal).findOne({ where: { slug } });
    if (!appeal) throw AppealsError.notFound(slug);
    return appeal;
  }

  /** Drafts do not exist as far as the public can tell. */
  async findPublicAppeal(slug: string): Promise<Appeal> {
    const appeal = await this.ds.getRepository(Appeal).findOne({ where: { slug } });
    if (!appeal || appeal.status === 'draft') throw AppealsError.notFound(slug);
    return appeal;
  }

  async findPublic(slug: string): Promise<ProgressView> {
    const appeal = await this.findPublicAppeal(slug);
    const totals = await this.ds.getRepository(AppealTotals).findOneByOrFail({ appealId: appeal.id });
    return toProgressView(appeal, totals);
  }

  async organiserView(appeal: Appeal): Promise<OrganiserAppealView> {
    return this.view(appeal, await this.ds.getRepository(AppealTotals).findOneBy({ appealId: appeal.id }) ?? undefined);
  }

  private view(appeal: Appeal, totals?: AppealTotals): OrganiserAppealView {
    const t = totals ?? Object.assign(new AppealTotals(), { raised: 0n, donationCount: 0, donorCount: 0, version: 1, updatedAt: appeal.updatedAt });
    return { ...toProgressView(appeal, t), createdAt: appeal.createdAt.toISOString(), presetAmounts: appeal.presetAmounts };
  }

  private async hasDonations(appealId: string): Promise<boolean> {
    const t = await this.ds.getRepository(AppealTotals).findOneBy({ appealId });
    return !!t && (t.donationCount > 0 || t.version > 1);
  }

  private assertRules(appeal: Appeal): void {
    const problems = appealRuleProblems(appeal);
    if (problems.length) throw AppealsError.invalid(problems);
  }
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const d = (e instanceof QueryFailedError ? e.driverError : e) as { code?: string; constraint?: string };
  return d?.code === '23505' && (!constraint || d.constraint === constraint);
}
