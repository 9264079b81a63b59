import type { OrganiserAppealView } from '../../../organiser/organiser-appeals.service';
import type { DonationView } from '../../../donations/donation-view';
import { Html, html } from '../../shared/html';
import { progressBlock } from '../../shared/progress-block';
import { ChartModel, chartSvg, chartTable } from '../chart/chart.view';
import { donationsTable, VoidError } from './donations-table.view';
import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import { embedSection } from './embed.view';
import type { PlansSummary } from '../../../donations/plans.service';
import { plansSection } from './plans-table.view';

export interface AppealDetailModel {
  appeal: OrganiserAppealView;
  chart: ChartModel;
  donations: { data: DonationView[]; nextCursor: string | null; paged: boolean; session?: OrganiserSession; voidError?: VoidError };
  giftForm: Html;
  plans: PlansSummary;
  publicBaseUrl: string;
  notice: string | null;
  /** Editor rights on this appeal (the edit link); absent: true. */
  canEdit?: boolean;
  /** The appeal's newest audit entries. */
  audit?: Html;
}

function summary(a: OrganiserAppealView, canEdit: boolean): Html {
  const s = a.slug;
  return html`<section class="card" aria-labelledby="progress-heading">
<h2 id="progress-heading">Progress</h2>
${progressBlock(a, { live: true, label: 'Progress towards the target' })}
<p class="actions">${canEdit ? html`<a href="/organiser/appeals/${s}/edit">Edit appeal</a>` : ''}${a.status === 'draft' ? '' : html`<a href="/donate/${s}">Public donate page</a>`}<a href="/organiser/appeals/${s}/donations.csv" download>Download CSV</a></p>
</section>`;
}

export function appealDetailBody(m: AppealDetailModel): Html {
  const a = m.appeal;
  return html`<div data-rendered-version="${a.version}">
<p><a href="/organiser">All appeals</a></p>
<h1>${a.title} <span class="badge ${a.status}">${a.status}</span></h1>
${m.notice ? html`<p class="notice" role="status" id="notice">${m.notice}</p>` : ''}
<p class="notice" id="stale-notice" role="status" hidden>New activity since this page was drawn. <a href="/organiser/appeals/${a.slug}">Reload</a> to update the chart and the donations.</p>
${summary(a, m.canEdit ?? true)}
<section class="card chart" aria-labelledby="chart-heading">
<h2 id="chart-heading">Total over time</h2>
${chartSvg(m.chart)}
${chartTable(m.chart)}
</section>
<section class="card" id="donations" aria-labelledby="donations-heading">
<h2 id="donations-heading">Donations</h2>
<p><a href="/organiser/appeals/${a.slug}/donations.csv" download>Download all donations as CSV</a> (opens in any spreadsheet; text is protected against formula injection)</p>
${donationsTable(a.slug, m.donations.data, m.donations.nextCursor, m.donations.paged, m.donations.session, m.donations.voidError)}
</section>
<section class="card" id="monthly" aria-labelledby="monthly-heading">
<h2 id="monthly-heading">Monthly gifts</h2>
${plansSection(m.plans)}
</section>
<section class="card" id="record-gift" aria-labelledby="gift-heading">
<h2 id="gift-heading">Record an offline gift</h2>
${m.giftForm}
</section>
${m.audit ?? ''}
<section class="card" id="embed" aria-labelledby="embed-heading">
<h2 id="embed-heading">Embed on a website</h2>
${embedSection(m.publicBaseUrl, a.slug, a.title, a.status !== 'draft', a.version)}
</section>
</div>`;
}
