import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRight } from '../auth/access';
import { Actor, CurrentActor } from '../auth/actor';
import { OrganiserGuard } from '../auth/organiser.guard';
import { CreateAppealDto } from '../appeals/dto/create-appeal.dto';
import { UpdateAppealDto } from '../appeals/dto/update-appeal.dto';
import { OrganiserAppealsService } from './organiser-appeals.service';

@ApiTags('appeals (organiser)')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@Controller('api/appeals')
export class AppealsController {
  constructor(private readonly appeals: OrganiserAppealsService) {}

  /** Owners see every appeal; editors and viewers the appeals they were given. */
  @Get()
  @RequireRight('signed-in')
  list(@CurrentActor() actor: Actor) {
    return this.appeals.list(actor);
  }

  @Post()
  @RequireRight('owner')
  create(@Body() dto: CreateAppealDto, @CurrentActor() actor: Actor) {
    return this.appeals.create(dto, actor);
  }

  @Patch(':slug')
  @RequireRight('edit', 'slug')
  update(@Param('slug') slug: string, @Body() dto: UpdateAppealDto, @CurrentActor() actor: Actor) {
    return this.appeals.update(slug, dto, actor);
  }
}
