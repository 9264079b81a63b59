import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRight } from '../../auth/access';
import { Actor, CurrentActor, hasRight } from '../../auth/actor';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { CurrentSession, OrganiserSessionGuard } from '../../auth/session/organiser-session.guard';
import { AuditQueryService } from '../../team/audit-query.service';
import { ListAuditDto } from '../../team/dto/list-audit.dto';
import { organiserHeader } from '../organiser/views/chrome.view';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { FormBody, validateDto } from '../shared/validate-dto';
import { TeamOutcome, TeamPagesService } from './team-pages.service';
import { auditPageBody } from './views/audit.view';

const uuid = new ParseUUIDPipe({ version: '4', errorHttpStatusCode: 404 });

const TEAM_NOTICES: Record<string, string> = { saved: 'Changes saved.', 'token-revoked': 'Token revoked.' };

/** The Team page (owners; a person may revoke or create their own tokens) and the Audit page (everyone, filtered). */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@UseGuards(OrganiserSessionGuard)
@Controller('organiser')
export class TeamPagesController {
  constructor(
    private readonly team: TeamPagesService,
    private readonly audit: AuditQueryService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get('team')
  @RequireRight('owner')
  async page(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Query('notice') notice: string | undefined,
    @Res() r: FastifyReply,
  ) {
    const text = typeof notice === 'string' && Object.hasOwn(TEAM_NOTICES, notice) ? TEAM_NOTICES[notice] : null;
    return this.renderer.send(r, 200, await this.team.page(s, a, { notice: text }));
  }

  @Post('team/invite')
  @RequireRight('owner')
  async invite(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Body() body: FormBody, @Res() r: FastifyReply) {
    return this.answer(r, await this.team.invite(s, a, body));
  }

  @Post('team/:id')
  @RequireRight('owner')
  async update(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('id', uuid) id: string,
    @Body() body: FormBody,
    @Res() r: FastifyReply,
  ) {
    return this.answer(r, await this.team.update(s, a, id, body));
  }

  @Post('team/:id/disable')
  @RequireRight('owner')
  async disable(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Param('id', uuid) id: string, @Res() r: FastifyReply) {
    return this.answer(r, await this.team.setDisabled(s, a, id, true));
  }

  @Post('team/:id/enable')
  @RequireRight('owner')
  async enable(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Param('id', uuid) id: string, @Res() r: FastifyReply) {
    return this.answer(r, await this.team.setDisabled(s, a, id, false));
  }

  @Post('team/:id/invitation')
  @RequireRight('owner')
  async reinvite(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Param('id', uuid) id: string, @Res() r: FastifyReply) {
    return this.answer(r, await this.team.reinvite(s, a, id));
  }

  @Post('team/:id/tokens')
  @RequireRight('owner')
  async createToken(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('id', uuid) id: string,
    @Body() body: FormBody,
    @Res() r: FastifyReply,
  ) {
    return this.answer(r, await this.team.createToken(s, a, id, body));
  }

  @Post('team/:id/tokens/:tokenId/revoke')
  @RequireRight('owner')
  async revokeToken(
    @CurrentActor() a: Actor,
    @Param('id', uuid) id: string,
    @Param('tokenId', uuid) tokenId: string,
    @Res() r: FastifyReply,
  ) {
    return this.answer(r, await this.team.revokeToken(a, id, tokenId));
  }

  @Get('audit')
  @RequireRight('signed-in')
  async auditPage(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Query() query: Record<string, unknown>,
    @Res() r: FastifyReply,
  ) {
    const q = this.filters(query);
    const { entries, nextCursor } = await this.audit.list(a, q, 50, q.cursor);
    const main = auditPageBody({ entries, nextCursor, appeal: q.appeal ?? null, owner: hasRight(a, 'owner') });
    return this.renderer.send(r, 200, { title: 'Audit · Organiser', header: organiserHeader(s, a), main });
  }

  @Get('audit.csv')
  @RequireRight('signed-in')
  auditCsv(@CurrentActor() a: Actor, @Query() query: Record<string, unknown>) {
    const { filename, stream } = this.audit.csv(a, this.filters(query));
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  /** The API's query rules; a bad filter is a 400 page. */
  private filters(query: Record<string, unknown>): ListAuditDto {
    const { dto, messages } = validateDto(ListAuditDto, { appeal: query.appeal, actor: query.actor, cursor: query.cursor });
    if (messages.length) throw new BadRequestException(messages);
    return dto;
  }

  private answer(reply: FastifyReply, outcome: TeamOutcome) {
    if ('redirect' in outcome) return reply.code(303).header('location', outcome.redirect).header('cache-control', 'no-store').send();
    return this.renderer.send(reply, outcome.status, outcome.page);
  }
}
