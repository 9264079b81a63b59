import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AppealsService } from '../../appeals/appeals.service';
import { OrganiserAppealsService } from '../../organiser/organiser-appeals.service';
import { AppConfig } from '../../config/app-config';
import { DonationsService } from '../../donations/donations.service';
import { RecordOfflineGiftDto } from '../../donations/dto/record-offline-gift.dto';
import { clientErrorMessages, FormProblems, hasProblems, mergeMessages, noProblems } from '../shared/field-errors';
import { PageContent } from '../shared/page-renderer';
import { field, FormBody, validateDto } from '../shared/validate-dto';
import { VoidGiftDto } from '../../donations/dto/void-gift.dto';
import { AppealChartService } from '../../donations/appeal-chart.service';
import { PlansService } from '../../donations/plans.service';
import { ChartModel } from './chart/chart.view';
import { blankGiftForm, GIFT_FIELDS, GiftFormValues, readGiftForm, toGiftBody } from './forms/gift-form';
import { FormOutcome, noticeFor } from './organiser-pages.service';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { appealDetailBody } from './views/appeal-detail.view';
import { organiserHeader } from './views/chrome.view';
import { giftForm } from './views/gift-form.view';
import { Actor, hasRight } from '../../auth/actor';
import { AuditQueryService } from '../../team/audit-query.service';
import { html } from '../shared/html';
import { auditSection } from '../team/views/audit.view';

export const DONATIONS_PAGE_SIZE = 25;
/** The newest audit entries shown on an appeal's page; the Audit page has all of them. */
const AUDIT_ON_PAGE = 10;

/** One appeal's page: progress, chart, donations, the offline gift form, embeds. */
@Injectable()
export class AppealDetailService {
  constructor(
    private readonly appeals: AppealsService,
    private readonly organiser: OrganiserAppealsService,
    private readonly donations: DonationsService,
    private readonly chart: AppealChartService,
    private readonly plans: PlansService,
    private readonly config: AppConfig,
    private readonly audit: AuditQueryService,
  ) {}

  async page(
    session: OrganiserSession,
    actor: Actor,
    slug: string,
    opts: {
      cursor?: string;
      notice?: string;
      gift?: { values: GiftFormValues; problems: FormProblems };
      voidError?: { id: string; messages: string[] };
    },
  ): Promise<PageContent> {
    const appeal = await this.appeals.findBySlug(slug);
    const cursor = opts.cursor || undefined;
    const [view, list, points, audit, plans] = await Promise.all([
      this.organiser.organiserView(appeal),
      this.donations.list(slug, DONATIONS_PAGE_SIZE, cursor),
      this.chart.series(appeal.id),
      this.audit.list(actor, { appeal: appeal.slug }, AUDIT_ON_PAGE),
      this.plans.list(slug),
    ]);
    const canEdit = hasRight(actor, 'edit', appeal.slug);
    const now = new Date();
    const first = points[0]?.at;
    const from = [appeal.startsAt, first, appeal.createdAt]
      .filter((d): d is Date => !!d && d <= now)
      .reduce((a, b) => (a < b ? a : b), now);
    const lastAt = points.at(-1)?.at ?? now;
    const to = new Date(Math.max(now.getTime(), lastAt.getTime(), appeal.endsAt?.getTime() ?? 0));
    const chart: ChartModel = { points, currency: appeal.currency, target: appeal.target, stretchTargets: appeal.stretchTargets, from, to };
    const gift = opts.gift ?? { values: blankGiftForm(appeal.currency), problems: noProblems() };
    return {
      title: `${appeal.title} · Organiser`,
      header: organiserHeader(session, actor),
      scripts: ['organiser.js', 'live-progress.js'],
      main: appealDetailBody({
        appeal: view,
        chart,
        // Without the session the table draws no hide or void buttons: both need editor rights.
        donations: { ...list, paged: !!cursor, session: canEdit ? session : undefined, voidError: opts.voidError },
        plans,
        publicBaseUrl: this.config.publicBaseUrl,
        giftForm: canEdit
          ? giftForm(appeal.slug, appeal.currency, gift.values, gift.problems, session)
          : html`<p class="muted">Recording gifts needs editor rights on this appeal.</p>`,
        notice: noticeFor(opts.notice),
        canEdit,
        audit: auditSection(audit.entries, appeal.slug),
      }),
    };
  }

  /** The API's offline gift, from the form: 201 new or 200 same reference, both back to the page. */
  async recordGift(session: OrganiserSession, actor: Actor, slug: string, body: FormBody): Promise<FormOutcome> {
    const appeal = await this.appeals.findBySlug(slug);
    const values = readGiftForm(body);
    const { body: request, problems } = toGiftBody(values, appeal.currency);
    const { dto, messages } = validateDto(RecordOfflineGiftDto, request);
    mergeMessages(problems, messages, GIFT_FIELDS);
    let status = 400;
    if (!hasProblems(problems)) {
      try {
        const res = await this.donations.recordOffline(slug, dto, actor);
        return { redirect: `/organiser/appeals/${slug}?notice=${res.created ? 'gift-recorded' : 'gift-exists'}#donations` };
      } catch (e) {
        const client = clientErrorMessages(e);
        if (!client) throw e;
        mergeMessages(problems, client.messages, GIFT_FIELDS);
        status = client.status;
      }
    }
    return { status, page: await this.page(session, actor, slug, { gift: { values, problems } }) };
  }

  /** The API's void, from the row's form: back to the page, or the page with the refusal beside that row. */
  async voidGift(session: OrganiserSession, actor: Actor, slug: string, id: string, body: FormBody): Promise<FormOutcome> {
    const { dto, messages } = validateDto(VoidGiftDto, { reason: field(body, 'reason') });
    let refusal = { status: 400, messages };
    if (!messages.length) {
      try {
        const res = await this.donations.voidGift(slug, id, dto, actor);
        return { redirect: `/organiser/appeals/${slug}?notice=${res.created ? 'gift-voided' : 'gift-already-voided'}#donations` };
      } catch (e) {
        const client = clientErrorMessages(e);
        if (!client) throw e;
        refusal = client;
      }
    }
    return { status: refusal.status, page: await this.page(session, actor, slug, { voidError: { id, messages: refusal.messages } }) };
  }

  /** Moderation from the donations table: hide (or show again) a gift's public name and message. */
  async setPublic(actor: Actor, slug: string, id: string, body: FormBody): Promise<FormOutcome> {
    const visible = field(body, 'public') === 'true';
    await this.donations.setPublic(slug, id, visible, actor);
    return { redirect: `/organiser/appeals/${slug}?notice=${visible ? 'gift-shown' : 'gift-hidden'}#donations` };
  }

  csv(slug: string): Promise<{ filename: string; stream: Readable }> {
    return this.donations.csv(slug);
  }
}
