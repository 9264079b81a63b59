/** The audit's SQL: what the donation rows say the totals and the refunded/disputed columns should be. */
import { countedSql } from './lifecycle-rows';

export const AUDIT_TOTALS_FROM_DONATIONS = `
    SELECT a.id AS appeal_id,
           COALESCE(SUM(GREATEST(0, d.amount - d.refunded - d.disputed)) FILTER (WHERE counted), 0)::text AS raised,
           (COUNT(*) FILTER (WHERE counted))::int AS donation_count,
           (COUNT(DISTINCT COALESCE(d.donor_key, d.id::text)) FILTER (WHERE counted))::int AS donor_count,
           (COUNT(DISTINCT d.country) FILTER (WHERE counted))::int AS countries
    FROM appeals a
    LEFT JOIN LATERAL (
      SELECT x.*, (x.status = 'succeeded' AND x.amount - x.refunded - x.disputed > 0) AS counted
      FROM donations x WHERE x.appeal_id = a.id
    ) d ON true
    GROUP BY a.id ORDER BY a.id`;

export const AUDIT_STORED_TOTALS = `SELECT appeal_id, raised::text AS raised, donation_count, donor_count, countries FROM appeal_totals ORDER BY appeal_id`;

export const AUDIT_DRIFTED_DONATIONS = `
    SELECT d.id FROM donations d
    WHERE d.refunded <> ${countedSql('refunds', 'd')} OR d.disputed <> ${countedSql('disputes', 'd')}
       OR (d.status = 'voided') <> EXISTS (SELECT 1 FROM voids v WHERE v.donation_id = d.id)`;
