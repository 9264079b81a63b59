import { Body, Controller, Get, Param, Patch, Post, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRight } from '../auth/access';
import { Actor, CurrentActor } from '../auth/actor';
import { OrganiserGuard } from '../auth/organiser.guard';
import { DonationsService } from './donations.service';
import { PlansService } from './plans.service';
import { ListDonationsDto } from './dto/list-donations.dto';
import { RecordOfflineGiftDto } from './dto/record-offline-gift.dto';
import { VoidGiftDto } from './dto/void-gift.dto';
import { SetDonationPublicDto } from './dto/set-donation-public.dto';

interface ReplyLike {
  status(code: number): unknown;
}

@ApiTags('donations (organiser)')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@Controller('api/appeals/:slug')
export class DonationsController {
  constructor(
    private readonly donations: DonationsService,
    private readonly plans: PlansService,
  ) {}

  /** 201 for a new gift; 200 with the same gift when its reference was already recorded. */
  @Post('donations')
  @RequireRight('edit', 'slug')
  async record(
    @Param('slug') slug: string,
    @Body() dto: RecordOfflineGiftDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: ReplyLike,
  ) {
    const res = await this.donations.recordOffline(slug, dto, actor);
    reply.status(res.created ? 201 : 200);
    return res.donation;
  }

  /**
   * Voids an offline gift: 201 with the gift (status `voided`, its `void`) the first time, 200
   * with the same when it was voided already (the first reason stays). A Stripe gift is a 422.
   */
  @Post('donations/:id/void')
  @RequireRight('edit', 'slug')
  async void(
    @Param('slug') slug: string,
    @Param('id') id: string,
    @Body() dto: VoidGiftDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: ReplyLike,
  ) {
    const res = await this.donations.voidGift(slug, id, dto, actor);
    reply.status(res.created ? 201 : 200);
    return res.after;
  }

  @Get('donations')
  @RequireRight('view', 'slug')
  list(@Param('slug') slug: string, @Query() q: ListDonationsDto) {
    return this.donations.list(slug, q.limit ?? 50, q.cursor);
  }

  /** The appeal's monthly gifts (started ones), with monthly amount and churn. */
  @Get('plans')
  @RequireRight('view', 'slug')
  listPlans(@Param('slug') slug: string) {
    return this.plans.list(slug);
  }

  /** Moderation: hides (or shows again) a gift's public name and message. */
  @Patch('donations/:id')
  @RequireRight('edit', 'slug')
  setPublic(@Param('slug') slug: string, @Param('id') id: string, @Body() dto: SetDonationPublicDto, @CurrentActor() actor: Actor) {
    return this.donations.setPublic(slug, id, dto.public, actor);
  }

  @Get('donations.csv')
  @RequireRight('view', 'slug')
  async csv(@Param('slug') slug: string) {
    const { filename, stream } = await this.donations.csv(slug);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }
}
