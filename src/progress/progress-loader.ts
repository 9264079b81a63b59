import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { AppealTotals } from '../donations/appeal-totals.entity';
import { ProgressEntry } from './progress-entry';
import { toProgressView } from './progress-view';

/**
 * The only database reads of the progress read model: one appeal with its totals row (one
 * query, a join on the primary key; totals are kept by the ledger, never summed here), and the
 * slug -> id index that lets unknown slugs be answered without a query.
 */
@Injectable()
export class ProgressLoader {
  constructor(private readonly ds: DataSource) {}

  async load(appealId: string): Promise<ProgressEntry | null> {
    const totals = await this.ds.getRepository(AppealTotals).findOne({ where: { appealId }, relations: { appeal: true } });
    if (!totals?.appeal) return null;
    return new ProgressEntry(appealId, toProgressView(totals.appeal, totals));
  }

  async slugIndex(): Promise<Map<string, string>> {
    const rows = await this.ds.getRepository(Appeal).find({ select: { id: true, slug: true } });
    return new Map(rows.map((r) => [r.slug, r.id]));
  }
}
