import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MissingRight, RequireRight } from '../../auth/access';
import { Actor, CurrentActor } from '../../auth/actor';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { CurrentSession, OrganiserSessionGuard } from '../../auth/session/organiser-session.guard';
import { AccountService } from '../../team/account.service';
import { CreateTokenDto } from '../../team/dto/create-token.dto';
import { PersonalTokensService } from '../../team/personal-tokens.service';
import { organiserHeader } from '../organiser/views/chrome.view';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody, validateDto } from '../shared/validate-dto';
import { AccountModel, accountBody } from './views/account.view';

type PersonActor = Actor & { id: string; email: string };

const NOTICES: Record<string, string> = {
  'totp-on': 'Two-step sign-in is on: signing in now needs a code from your app.',
  'totp-off': 'Two-step sign-in is off.',
  'token-revoked': 'Token revoked.',
};

/** A signed-in person's own settings: two-step sign-in and personal API tokens. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@UseGuards(OrganiserSessionGuard)
@RequireRight('signed-in')
@Controller('organiser/account')
export class AccountPagesController {
  constructor(
    private readonly account: AccountService,
    private readonly tokens: PersonalTokensService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get()
  async page(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Query('notice') notice: string | undefined,
    @Res() r: FastifyReply,
  ) {
    const text = typeof notice === 'string' && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : null;
    return this.send(r, 200, s, a, { notice: text });
  }

  @Post('totp')
  async enable(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Body() body: FormBody, @Res() r: FastifyReply) {
    if (await this.account.enable(person(a), field(body, 'code'))) return see(r, '/organiser/account?notice=totp-on');
    return this.send(r, 400, s, a, { problem: 'That code is not right: enter the 6 digits your app shows now.' });
  }

  @Post('totp/off')
  async disable(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Body() body: FormBody, @Res() r: FastifyReply) {
    if (await this.account.disable(person(a), field(body, 'code'))) return see(r, '/organiser/account?notice=totp-off');
    return this.send(r, 400, s, a, { problem: 'That code is not right, or was already used: enter the next one your app shows.' });
  }

  @Post('tokens')
  async createToken(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Body() body: FormBody, @Res() r: FastifyReply) {
    const { dto, messages } = validateDto(CreateTokenDto, { name: field(body, 'name') });
    if (messages.length) return this.send(r, 400, s, a, { problem: messages.join(' ') });
    const made = await this.tokens.create(a, person(a).id, dto.name);
    return this.send(r, 201, s, a, { token: { name: made.name, token: made.token } });
  }

  @Post('tokens/:tokenId/revoke')
  async revoke(
    @CurrentActor() a: Actor,
    @Param('tokenId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) tokenId: string,
    @Res() r: FastifyReply,
  ) {
    await this.tokens.revoke(a, person(a).id, tokenId);
    return see(r, '/organiser/account?notice=token-revoked');
  }

  private async send(r: FastifyReply, status: number, s: OrganiserSession, a: Actor, extra: Partial<AccountModel>) {
    const isPerson = a.kind === 'person';
    const [totp, tokens] = isPerson ? await Promise.all([this.account.totp(person(a)), this.tokens.list(a, a.id!)]) : [null, []];
    const main = accountBody({ session: s, actor: a, totp, tokens, ...extra });
    return this.renderer.send(r, status, { title: 'Your account · Organiser', header: organiserHeader(s, a), main });
  }
}

function person(a: Actor): PersonActor {
  if (a.kind !== 'person' || !a.id || !a.email) throw new MissingRight('a personal account is required (you signed in with a token)');
  return a as PersonActor;
}

const see = (r: FastifyReply, location: string) => r.code(303).header('location', location).header('cache-control', 'no-store').send();
