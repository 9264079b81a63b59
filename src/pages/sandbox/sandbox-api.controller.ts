import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRight } from '../../auth/access';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { SandboxActionDto, SandboxAdvanceDto } from './sandbox-action.dto';
import { SandboxPagesService } from './sandbox-pages.service';

/** The same controls for scripts and tests: an organiser's bearer token. Sandbox mode only. */
@ApiTags('sandbox')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@RequireRight('owner')
@Controller('api/sandbox/sessions')
export class SandboxApiController {
  constructor(private readonly sandbox: SandboxPagesService) {}

  @Get(':id')
  state(@Param('id') id: string) {
    return this.sandbox.state(id);
  }

  @Post(':id/:action')
  @HttpCode(200)
  async act(@Param('id') id: string, @Param('action') action: string, @Body() body: SandboxActionDto) {
    return { events: await this.sandbox.act(id, action, { ...body }) };
  }
}

/** Moves the sandbox's test clock on, renewing (or failing, or ending) every Checkout subscription that falls due. */
@ApiTags('sandbox')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@RequireRight('owner')
@Controller('api/sandbox/clock')
export class SandboxClockApiController {
  constructor(private readonly sandbox: SandboxPagesService) {}

  /** `{clock}`: the test clock, or null before any subscription (it starts at the real time then). */
  @Get()
  clock() {
    return { clock: this.sandbox.clock() };
  }

  @Post('advance')
  @HttpCode(200)
  async advance(@Body() body: SandboxAdvanceDto) {
    return { events: await this.sandbox.advance(body.months ?? 1), clock: this.sandbox.clock() };
  }
}
