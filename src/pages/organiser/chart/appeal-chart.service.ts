import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
    const rows: Array<{ at: Date; delta: string }> = await this.ds.query(`
      WITH ev AS (
        SELECT COALESCE(d.received_at, d.succeeded_at, d.created_at) AS at, d.amount AS delta
          FROM donations d WHERE d.appeal_id = $1 AND d.status = 'succeeded'
        UNION ALL
        -- What refunds and disputes took back, at the gift's last change: an approximation of when,
        -- exact in sum, so the last point still equals the raised total.
        SELECT d.updated_at, -LEAST(d.amount, d.refunded + d.disputed) FROM donations d
         WHERE d.appeal_id = $1 AND d.status = 'succeeded' AND d.refunded + d.disputed > 0
      ), span AS (SELECT min(at) AS lo, GREATEST(extract(epoch FROM max(at) - min(at)), 1) AS secs FROM ev)
      SELECT max(ev.at) AS at, sum(ev.delta)::text AS delta
        FROM ev, span
       GROUP BY LEAST(floor(extract(epoch FROM ev.at - span.lo) / span.secs * $2), $2 - 1)
       ORDER BY 1`, [appealId, CHART_BUCKETS]);
    let total = 0;
    return rows.map((r) => ({ at: new Date(r.at), total: (total += Number(r.delta)) }));
  }
}
