import { Controller, Get, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRight } from '../auth/access';
import { Actor, CurrentActor } from '../auth/actor';
import { OrganiserGuard } from '../auth/organiser.guard';
import { AuditQueryService } from './audit-query.service';
import { ListAuditDto } from './dto/list-audit.dto';

/** The audit trail: owners read all of it, editors and viewers the entries of their appeals. */
@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@Controller('api')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get('audit')
  @RequireRight('signed-in')
  list(@Query() q: ListAuditDto, @CurrentActor() actor: Actor) {
    return this.audit.list(actor, q, q.limit ?? 50, q.cursor);
  }

  @Get('audit.csv')
  @RequireRight('signed-in')
  csv(@Query() q: ListAuditDto, @CurrentActor() actor: Actor) {
    const { filename, stream } = this.audit.csv(actor, q);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }
}
