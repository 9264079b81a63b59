import { Injectable } from '@nestjs/common';
import { AppealsService } from '../../appeals/appeals.service';
import { OrganiserAppealsService } from '../../organiser/organiser-appeals.service';
import { CreateAppealDto } from '../../appeals/dto/create-appeal.dto';
import { UpdateAppealDto } from '../../appeals/dto/update-appeal.dto';
import { clientErrorMessages, FormProblems, hasProblems, mergeMessages, noProblems } from '../shared/field-errors';
import { PageContent } from '../shared/page-renderer';
import { FormBody, validateDto } from '../shared/validate-dto';
import { APPEAL_FIELDS, AppealFormValues, appealFormOf, blankAppealForm, readAppealForm, toAppealBody } from './forms/appeal-form';
import { PaymentsHealthService } from '../../payments/health/payments-health.service';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { appealFormBody } from './views/appeal-form.view';
import { appealsListBody } from './views/appeals-list.view';
import { organiserHeader } from './views/chrome.view';
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
  ) {}

  async list(session: OrganiserSession, notice?: string): Promise<PageContent> {
    const [appeals, health] = await Promise.all([this.organiser.list(), this.health.read()]);
    return this.page(session, 'Appeals', appealsListBody(appeals, noticeFor(notice), healthPanel(health)));
  }

  newForm(session: OrganiserSession): PageContent {
    return this.formPage(session, 'create', blankAppealForm(), noProblems());
  }

  async editForm(session: OrganiserSession, slug: string): Promise<PageContent> {
    return this.formPage(session, 'update', appealFormOf(await this.appeals.findBySlug(slug)), noProblems());
  }

  async create(session: OrganiserSession, body: FormBody): Promise<FormOutcome> {
    const values = readAppealForm(body);
    const { body: request, problems } = toAppealBody(values, 'create');
    const { dto, messages } = validateDto(CreateAppealDto, request);
    return this.save(session, 'create', values, mergeMessages(problems, messages, APPEAL_FIELDS), () => this.organiser.create(dto));
  }

  async update(session: OrganiserSession, slug: string, body: FormBody): Promise<FormOutcome> {
    const appeal = await this.appeals.findBySlug(slug);
    const values = { ...readAppealForm(body), slug: appeal.slug };
    const { body: request, problems } = toAppealBody(values, 'update');
    const { dto, messages } = validateDto(UpdateAppealDto, request);
    return this.save(session, 'update', values, mergeMessages(problems, messages, APPEAL_FIELDS), () => this.organiser.update(slug, dto));
  }

  /** Domain refusals (a taken slug, a locked currency, stretch targets in the wrong order) show on the form. */
  private async save(
    session: OrganiserSession,
    mode: 'create' | 'update',
    values: AppealFormValues,
    problems: FormProblems,
    write: () => Promise<{ slug: string }>,
  ): Promise<FormOutcome> {
    if (hasProblems(problems)) return { status: 400, page: this.formPage(session, mode, values, problems) };
    try {
      const saved = await write();
      return { redirect: `/organiser/appeals/${saved.slug}?notice=${mode === 'create' ? 'created' : 'saved'}` };
    } catch (e) {
      const client = clientErrorMessages(e);
      if (!client) throw e;
      const found = mergeMessages(noProblems(), client.messages, APPEAL_FIELDS);
      if (client.code === 'slug_taken') found.fields.slug = found.form.splice(0);
      return { status: client.status, page: this.formPage(session, mode, values, found) };
    }
  }

  private formPage(session: OrganiserSession, mode: 'create' | 'update', values: AppealFormValues, problems: FormProblems): PageContent {
    return this.page(
      session,
      mode === 'create' ? 'New appeal' : `Edit ${values.title}`,
      appealFormBody({ mode, values, problems, session }),
    );
  }

  private page(session: OrganiserSession, title: string, main: PageContent['main']): PageContent {
    return { title: `${title} · Organiser`, main, header: organiserHeader(session), scripts: ['organiser.js', 'live-progress.js'] };
  }
}
