import { Injectable } from '@nestjs/common';
import { AppealsService } from '../../appeals/appeals.service';
import { Actor } from '../../auth/actor';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { CreateOrganiserDto } from '../../team/dto/create-organiser.dto';
import { CreateTokenDto } from '../../team/dto/create-token.dto';
import { UpdateOrganiserDto } from '../../team/dto/update-organiser.dto';
import { PeopleService } from '../../team/people.service';
import { PersonalTokensService } from '../../team/personal-tokens.service';
import { clientErrorMessages } from '../shared/field-errors';
import { PageContent } from '../shared/page-renderer';
import { field, FormBody, validateDto } from '../shared/validate-dto';
import { organiserHeader } from '../organiser/views/chrome.view';
import { TeamModel, teamBody } from './views/team.view';

/** Repeated form fields (checkboxes) as a list of trimmed strings. */
export function fieldList(body: FormBody, name: string): string[] {
  const v = body?.[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
}

export type TeamOutcome = { status: number; page: PageContent } | { redirect: string };

/** The Team page (owners): people, invitations, roles and appeals, disabling, tokens; the same services as the API. */
@Injectable()
export class TeamPagesService {
  constructor(
    private readonly people: PeopleService,
    private readonly tokens: PersonalTokensService,
    private readonly appeals: AppealsService,
  ) {}

  async page(session: OrganiserSession, actor: Actor, extra: Partial<TeamModel> = {}): Promise<PageContent> {
    const [people, appeals] = await Promise.all([this.people.list(), this.appeals.list()]);
    const withTokens = await Promise.all(people.map(async (p) => ({ ...p, tokens: await this.tokens.list(actor, p.id) })));
    const main = teamBody({ session, people: withTokens, appeals: appeals.map((a) => a.slug).sort(), ...extra });
    return { title: 'Team · Organiser', header: organiserHeader(session, actor), main };
  }

  async invite(session: OrganiserSession, actor: Actor, body: FormBody): Promise<TeamOutcome> {
    const form = { email: field(body, 'email'), name: field(body, 'name'), role: field(body, 'role'), appeals: fieldList(body, 'appeals') };
    const { dto, messages } = validateDto(CreateOrganiserDto, form);
    if (messages.length) return { status: 400, page: await this.page(session, actor, { problems: messages, form }) };
    try {
      const made = await this.people.invite(actor, dto);
      return {
        status: 201,
        page: await this.page(session, actor, { invite: { email: made.email, url: made.inviteUrl, mail: made.mail } }),
      };
    } catch (e) {
      const client = clientErrorMessages(e);
      if (!client) throw e;
      return { status: client.status, page: await this.page(session, actor, { problems: client.messages, form }) };
    }
  }

  async update(session: OrganiserSession, actor: Actor, id: string, body: FormBody): Promise<TeamOutcome> {
    return this.change(session, actor, { role: field(body, 'role'), appeals: fieldList(body, 'appeals') }, id);
  }

  setDisabled(session: OrganiserSession, actor: Actor, id: string, disabled: boolean): Promise<TeamOutcome> {
    return this.change(session, actor, { disabled }, id);
  }

  async reinvite(session: OrganiserSession, actor: Actor, id: string): Promise<TeamOutcome> {
    const made = await this.people.reinvite(actor, id);
    return { status: 201, page: await this.page(session, actor, { invite: { email: made.email, url: made.inviteUrl, mail: made.mail } }) };
  }

  async createToken(session: OrganiserSession, actor: Actor, id: string, body: FormBody): Promise<TeamOutcome> {
    const { dto, messages } = validateDto(CreateTokenDto, { name: field(body, 'name') });
    if (messages.length) return { status: 400, page: await this.page(session, actor, { problems: messages }) };
    const made = await this.tokens.create(actor, id, dto.name);
    return { status: 201, page: await this.page(session, actor, { token: { name: made.name, token: made.token } }) };
  }

  async revokeToken(actor: Actor, id: string, tokenId: string): Promise<TeamOutcome> {
    await this.tokens.revoke(actor, id, tokenId);
    return { redirect: '/organiser/team?notice=token-revoked' };
  }

  private async change(session: OrganiserSession, actor: Actor, payload: Record<string, unknown>, id: string): Promise<TeamOutcome> {
    const { dto, messages } = validateDto(UpdateOrganiserDto, payload);
    if (messages.length) return { status: 400, page: await this.page(session, actor, { problems: messages }) };
    try {
      await this.people.update(actor, id, dto);
      return { redirect: '/organiser/team?notice=saved' };
    } catch (e) {
      const client = clientErrorMessages(e);
      if (!client) throw e;
      return { status: client.status, page: await this.page(session, actor, { problems: client.messages }) };
    }
  }
}
