import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Appeal } from './appeal.entity';
import { appealRuleProblems, parseDate } from './appeal-rules';
import { AppealsError } from './appeals.error';
import { CreateAppealDto } from './dto/create-appeal.dto';
import { nullFieldProblems, UpdateAppealDto } from './dto/update-appeal.dto';

/**
 * The appeals table and its rules. Saving an appeal is done inside a caller's transaction
 * (organiser/), because a new appeal is born with its totals row, which the ledger owns.
 */
@Injectable()
export class AppealsService {
  constructor(@InjectRepository(Appeal) private readonly appeals: Repository<Appeal>) {}

  /** A new appeal from the organiser's DTO, checked against the cross-field rules; not saved. */
  build(dto: CreateAppealDto): Appeal {
    const appeal = this.appeals.create({
      slug: dto.slug,
      title: dto.title,
      description: dto.description ?? '',
      currency: dto.currency,
      target: dto.target,
      status: dto.status ?? 'draft',
      startsAt: parseDate(dto.startsAt) ?? null,
      endsAt: parseDate(dto.endsAt) ?? null,
      stretchTargets: dto.stretchTargets ?? [],
      presetAmounts: dto.presetAmounts ?? [],
      monthlyEnabled: dto.monthlyEnabled ?? true,
      monthlyPresetAmounts: dto.monthlyPresetAmounts ?? [],
      showAmounts: dto.showAmounts ?? true,
    });
    this.assertRules(appeal);
    return appeal;
  }

  /** Applies a patch to `appeal` and checks the merged result; `currencyLocked`: money was recorded. */
  applyUpdate(appeal: Appeal, dto: UpdateAppealDto, currencyLocked: boolean): Appeal {
    const nulls = nullFieldProblems(dto);
    if (nulls.length) throw AppealsError.invalid(nulls);
    if (dto.currency !== undefined && dto.currency !== appeal.currency && currencyLocked) throw AppealsError.currencyLocked();
    const { startsAt, endsAt, ...rest } = dto;
    Object.assign(appeal, rest);
    if (startsAt !== undefined) appeal.startsAt = parseDate(startsAt) ?? null;
    if (endsAt !== undefined) appeal.endsAt = parseDate(endsAt) ?? null;
    this.assertRules(appeal);
    return appeal;
  }

  save(em: EntityManager, appeal: Appeal): Promise<Appeal> {
    return em.save(appeal);
  }

  list(): Promise<Appeal[]> {
    return this.appeals.find({ order: { createdAt: 'DESC' } });
  }

  async findBySlug(slug: string): Promise<Appeal> {
    const appeal = await this.appeals.findOne({ where: { slug } });
    if (!appeal) throw AppealsError.notFound(slug);
    return appeal;
  }

  /** Drafts do not exist as far as the public can tell. */
  async findPublicAppeal(slug: string): Promise<Appeal> {
    const appeal = await this.appeals.findOne({ where: { slug } });
    if (!appeal || appeal.status === 'draft') throw AppealsError.notFound(slug);
    return appeal;
  }

  private assertRules(appeal: Appeal): void {
    const problems = appealRuleProblems(appeal);
    if (problems.length) throw AppealsError.invalid(problems);
  }
}
