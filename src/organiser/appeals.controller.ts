import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

  @Get()
  list() {
    return this.appeals.list();
  }

  @Post()
  create(@Body() dto: CreateAppealDto) {
    return this.appeals.create(dto);
  }

  @Patch(':slug')
  update(@Param('slug') slug: string, @Body() dto: UpdateAppealDto) {
    return this.appeals.update(slug, dto);
  }
}
