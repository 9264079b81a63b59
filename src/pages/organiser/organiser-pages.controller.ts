import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { FormBody } from '../shared/validate-dto';
import { AppealDetailService } from './appeal-detail.service';
import { FormOutcome, OrganiserPagesService } from './organiser-pages.service';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { CurrentSession, OrganiserSessionGuard } from '../../auth/session/organiser-session.guard';
import { RequireRight } from '../../auth/access';
import { Actor, CurrentActor } from '../../auth/actor';

/** Every dashboard page; OrganiserSessionGuard sends anyone without a session to sign in. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@UseGuards(OrganiserSessionGuard)
@Controller('organiser')
export class OrganiserPagesController {
  constructor(
    private readonly pages: OrganiserPagesService,
    private readonly detail: AppealDetailService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get()
  @RequireRight('signed-in')
  async list(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Query('notice') notice: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.renderer.send(reply, 200, await this.pages.list(s, a, notice));
  }

  @Get('appeals/new')
  @RequireRight('owner')
  newForm(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Res() reply: FastifyReply) {
    return this.renderer.send(reply, 200, this.pages.newForm(s, a));
  }

  @Post('appeals')
  @RequireRight('owner')
  async create(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Body() body: FormBody, @Res() reply: FastifyReply) {
    return this.answer(reply, await this.pages.create(s, a, body));
  }

  @Get('appeals/:slug')
  @RequireRight('view', 'slug')
  async appeal(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('slug') slug: string,
    @Query() q: { cursor?: string; notice?: string },
    @Res() reply: FastifyReply,
  ) {
    return this.renderer.send(reply, 200, await this.detail.page(s, a, slug, { cursor: q.cursor, notice: q.notice }));
  }

  @Get('appeals/:slug/edit')
  @RequireRight('edit', 'slug')
  async editForm(@CurrentSession() s: OrganiserSession, @CurrentActor() a: Actor, @Param('slug') slug: string, @Res() reply: FastifyReply) {
    return this.renderer.send(reply, 200, await this.pages.editForm(s, a, slug));
  }

  @Post('appeals/:slug')
  @RequireRight('edit', 'slug')
  async update(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ) {
    return this.answer(reply, await this.pages.update(s, a, slug, body));
  }

  @Post('appeals/:slug/gifts')
  @RequireRight('edit', 'slug')
  async gift(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ) {
    return this.answer(reply, await this.detail.recordGift(s, a, slug, body));
  }

  @Post('appeals/:slug/donations/:id/void')
  @RequireRight('edit', 'slug')
  async voidGift(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('slug') slug: string,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ) {
    return this.answer(reply, await this.detail.voidGift(s, a, slug, id, body));
  }

  /** Assign or refund a payment held for review, from the payments health panel (editors; assigning needs the target appeal). */
  @Post('review/:id')
  @RequireRight('edit')
  async resolveHeld(
    @CurrentSession() s: OrganiserSession,
    @CurrentActor() a: Actor,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ) {
    return this.answer(reply, await this.pages.resolveHeld(s, a, id, body));
  }

  @Post('appeals/:slug/donations/:id/public')
  @RequireRight('edit', 'slug')
  async setPublic(
    @CurrentActor() a: Actor,
    @Param('slug') slug: string,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ) {
    return this.answer(reply, await this.detail.setPublic(a, slug, id, body));
  }

  /** The API's streamed, spreadsheet-safe export, behind the dashboard session. */
  @Get('appeals/:slug/donations.csv')
  @RequireRight('view', 'slug')
  async csv(@Param('slug') slug: string) {
    const { filename, stream } = await this.detail.csv(slug);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  /** Post/redirect/get: a successful form answers 303, so a reload never posts it again. */
  private answer(reply: FastifyReply, outcome: FormOutcome) {
    if ('redirect' in outcome) return reply.code(303).header('location', outcome.redirect).header('cache-control', 'no-store').send();
    return this.renderer.send(reply, outcome.status, outcome.page);
  }
}
