import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Organiser } from '../../auth/organiser.decorator';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { ListHeldDto, ResolveHeldDto } from './dto/resolve-held.dto';
import { ReviewService } from './review.service';

@ApiTags('payments held for review (organiser)')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@Controller('api/review')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  list(@Query() q: ListHeldDto) {
    return this.review.list(q.limit ?? 50);
  }

  /** 200 with the payment after (its `resolution`); the same resolution repeated answers it again. */
  @Post(':id')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body() dto: ResolveHeldDto, @Organiser() who: string) {
    const res = await this.review.resolve(id, dto, who);
    return { action: res.action, changed: res.changed, payment: res.after };
  }
}
