import { Injectable } from '@nestjs/common';
import { AppealsService } from '../../appeals/appeals.service';
import { OrganiserAppealsService } from '../../organiser/organiser-appeals.service';
import { CreateAppealDto } from '../../appeals/dto/create-appeal.dto';
import { UpdateAppealDto } from '../../appeals/dto/update-appeal.dto';
import { clientErrorMessages, FormProblems, hasProblems, mergeMessages, noProblems } from '../shared/field-errors';
import { PageContent } from '../shared/page-renderer';
import { field, FormBody, validateDto } from '../shared/validate-dto';
import { ReviewService } from '../../payments/review/review.service';
import { PaymentsError } from '../../payments/stripe/payments.error';
import { ResolveHeldDto } from '../../payments/review/dto/resolve-held.dto';
import { isSupportedCurrency, parseMoney } from '../../money';
import { APPEAL_FIELDS, AppealFormValues, appealFormOf, blankAppealForm, readAppealForm, toAppealBody } from './forms/appeal-form';
import { PaymentsHealthService } from '../../payments/health/payments-health.service';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { Actor, hasRight } from '../../auth/actor';
import { html } from '../shared/html';
import { appealFormBody } from './views/appeal-form.view';
import { appealsListBody } from './views/appeals-list.view';
import { csrfField, organiserHeader } from './views/chrome.view';
import { healthPanel } from './views/health-panel.view';

export type FormOutcome = { redirect: string } | { status: number; page: PageContent };

/** Notices shown after a redirect, chosen by key so no text travels in the URL. */
export const NOTICES: Record<string, string> = {
  created: 'Appeal created.',
  saved: 'Changes saved.',
  'gift-recorded': 'Gift recorded.',
  'gift-exists': 'A gift with that reference was already recorded, so nothing was added.',
  'gift-hidden': "The gift's name and message are hidden from the supporters wall.",
  'gift-shown': 'The gift is shown on the supporters wall as its donor chose.',
  'gift-voided': 'Gift voided: it no longer counts. Its row and the void (who, when, why) stay in the list and the CSV.',
  'gift-already-voided': 'That gift was already voided, so nothing changed.',
  'held-assigned': 'Held payment assigned: it now counts in the appeal you chose.',
  'held-refunded': 'Held payment refunded through Stripe and recorded.',
};

/** The notice for a query value; own keys only (`?notice=constructor` is not a notice). */
export const noticeFor = (key: unknown): string | null => (typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : null);

/** The appeals list and the create/edit forms, through the same service and rules as the API. */
@Injectable()
export class OrganiserPagesService {
  constructor(
    private readonly appeals: AppealsService,
    private readonly organiser: OrganiserAppealsService,
    private readonly health: PaymentsHealthService,
    private readonly review: ReviewService,
  ) {}

  /**
   * Editors and viewers see their appeals; the payments health panel (held payments) is for
   * owners and editors, who may assign a held payment to an appeal they can edit.
   */
  async list(
    session: OrganiserSession,
    actor: Actor,
    notice?: string,
    heldError?: { id: string; messages: string[] },
  ): Promise<PageContent> {
    const showHealth = hasRight(actor, 'edit');
    const [appeals, health] = await Promise.all([this.organiser.list(actor), showHealth ? this.health.read() : null]);
    const canEdit = (slug: string) => hasRight(actor, 'edit', slug);
    const actions = { csrf: csrfField(session), appeals: appeals.filter((a) => canEdit(a.slug)), error: heldError };
    const panel = health ? healthPanel(health, actions) : html``;
    return this.page(session, actor, 'Appeals', appealsListBody(appeals, noticeFor(notice), panel, hasRight(actor, 'owner'), canEdit));
  }

  /**
   * The API's POST /api/review/:id from the health panel's forms. The amount is typed in major
   * units of the chosen appeal's currency (like every dashboard amount) and converted here.
   */
  async resolveHeld(session: OrganiserSession, actor: Actor, id: string, body: FormBody): Promise<FormOutcome> {
    const action = field(body, 'action');
    const request: Record<string, unknown> = { action };
    const problems: string[] = [];
    if (action === 'assign') {
      request.appeal = field(body, 'appeal') || undefined;
      const text = field(body, 'amount');
      const appeal = text && request.appeal ? await this.appeals.findBySlug(String(request.appeal)).catch(() => null) : null;
      if (appeal && isSupportedCurrency(appeal.currency)) {
        const minor = parseMoney(text, appeal.currency);
        if (minor === null) problems.push('amount must be an amount such as 100 or 1,250.50, without the currency sign');
        else request.amount = minor;
      }
    }
    const { dto, messages } = validateDto(ResolveHeldDto, request);
    let refusal = { status: 400, messages: [...problems, ...messages] };
    if (!refusal.messages.length) {
      try {
        await this.review.resolve(id, dto, actor);
        return { redirect: `/organiser?notice=${dto.action === 'assign' ? 'held-assigned' : 'held-refunded'}#payments-health` };
      } catch (e) {
        // Stripe refusing the refund is a 502 with the payment still held: shown beside it, not as an error page.
        const client =
          clientErrorMessages(e) ?? (e instanceof PaymentsError && e.kind === 'upstream' ? { status: 502, messages: e.details } : null);
        if (!client) throw e;
        refusal = client;
      }
    }
    return { status: refusal.status, page: await this.list(session, actor, undefined, { id, messages: refusal.messages }) };
  }

  newForm(session: OrganiserSession, actor: Actor): PageContent {
    return this.formPage(session, actor, 'create', blankAppealForm(), noProblems());
  }

  async editForm(session: OrganiserSession, actor: Actor, slug: string): Promise<PageContent> {
    return this.formPage(session, actor, 'update', appealFormOf(await this.appeals.findBySlug(slug)), noProblems());
  }

  async create(session: OrganiserSession, actor: Actor, body: FormBody): Promise<FormOutcome> {
    const values = readAppealForm(body);
    const { body: request, problems } = toAppealBody(values, 'create');
    const { dto, messages } = validateDto(CreateAppealDto, request);
    return this.save(session, actor, 'create', values, mergeMessages(problems, messages, APPEAL_FIELDS), () =>
      this.organiser.create(dto, actor),
    );
  }

  async update(session: OrganiserSession, actor: Actor, slug: string, body: FormBody): Promise<FormOutcome> {
    const appeal = await this.appeals.findBySlug(slug);
    const values = { ...readAppealForm(body), slug: appeal.slug };
    const { body: request, problems } = toAppealBody(values, 'update');
    const { dto, messages } = validateDto(UpdateAppealDto, request);
    return this.save(session, actor, 'update', values, mergeMessages(problems, messages, APPEAL_FIELDS), () =>
      this.organiser.update(slug, dto, actor),
    );
  }

  /** Domain refusals (a taken slug, a locked currency, stretch targets in the wrong order) show on the form. */
  private async save(
    session: OrganiserSession,
    actor: Actor,
    mode: 'create' | 'update',
    values: AppealFormValues,
    problems: FormProblems,
    write: () => Promise<{ slug: string }>,
  ): Promise<FormOutcome> {
    if (hasProblems(problems)) return { status: 400, page: this.formPage(session, actor, mode, values, problems) };
    try {
      const saved = await write();
      return { redirect: `/organiser/appeals/${saved.slug}?notice=${mode === 'create' ? 'created' : 'saved'}` };
    } catch (e) {
      const client = clientErrorMessages(e);
      if (!client) throw e;
      const found = mergeMessages(noProblems(), client.messages, APPEAL_FIELDS);
      if (client.code === 'slug_taken') found.fields.slug = found.form.splice(0);
      return { status: client.status, page: this.formPage(session, actor, mode, values, found) };
    }
  }

  private formPage(
    session: OrganiserSession,
    actor: Actor,
    mode: 'create' | 'update',
    values: AppealFormValues,
    problems: FormProblems,
  ): PageContent {
    return this.page(
      session,
      actor,
      mode === 'create' ? 'New appeal' : `Edit ${values.title}`,
      appealFormBody({ mode, values, problems, session }),
    );
  }

  private page(session: OrganiserSession, actor: Actor, title: string, main: PageContent['main']): PageContent {
    return { title: `${title} · Organiser`, main, header: organiserHeader(session, actor), scripts: ['organiser.js', 'live-progress.js'] };
  }
}
