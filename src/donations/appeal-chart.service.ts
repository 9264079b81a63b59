import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHART_SERIES } from './donations.queries';

export interface ChartPoint {
  at: Date;
  /** Cumulative net total at `at`, minor units. */
  total: number;
}

/** At most this many points, however many gifts: the chart stays a few kilobytes. */
export const CHART_BUCKETS = 200;

/**
 * The history behind the organiser's chart: every counted gift at the time it was received
 * (offline) or paid, and what its refunds and disputes took back at its last change, summed into
 * time buckets. This is a history for one organiser page, not the totals read path (which only
 * reads appeal_totals); its last point equals the appeal's raised total.
 */
@Injectable()
export class AppealChartService {
  constructor(private readonly ds: DataSource) {}

  async series(appealId: string): Promise<ChartPoint[]> {
    const rows: Array<{ at: Date; delta: string }> = await this.ds.query(CHART_SERIES, [appealId, CHART_BUCKETS]);
    let total = 0;
    return rows.map((r) => ({ at: new Date(r.at), total: (total += Number(r.delta)) }));
  }
}
