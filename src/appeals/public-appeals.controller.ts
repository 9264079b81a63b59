import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppealsService } from './appeals.service';

@ApiTags('appeals (public)')
@Controller('api/appeals')
export class PublicAppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Get(':slug')
  get(@Param('slug') slug: string) { return this.appeals.findPublic(slug); }
}
