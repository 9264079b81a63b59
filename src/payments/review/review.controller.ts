import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRight } from '../../auth/access';
import { Actor, CurrentActor } from '../../auth/actor';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { ListHeldDto, ResolveHeldDto } from './dto/resolve-held.dto';
import { ReviewService } from './review.service';

@ApiTags('payments held for review (organiser)')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@Controller('api/review')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  /** Editors (of any appeal) and owners: held payments belong to no appeal yet. */
  @Get()
  @RequireRight('edit')
  list(@Query() q: ListHeldDto) {
    return this.review.list(q.limit ?? 50);
  }

  /** 200 with the payment after (its `resolution`); the same resolution repeated answers it again. */
  @Post(':id')
  @HttpCode(200)
  @RequireRight('edit')
  async resolve(@Param('id') id: string, @Body() dto: ResolveHeldDto, @CurrentActor() actor: Actor) {
    const res = await this.review.resolve(id, dto, actor);
    return { action: res.action, changed: res.changed, payment: res.after };
  }
}
