import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRight } from '../auth/access';
import { Actor, CurrentActor } from '../auth/actor';
import { OrganiserGuard } from '../auth/organiser.guard';
import { CreateOrganiserDto } from './dto/create-organiser.dto';
import { CreateTokenDto } from './dto/create-token.dto';
import { UpdateOrganiserDto } from './dto/update-organiser.dto';
import { PeopleService } from './people.service';
import { PersonalTokensService } from './personal-tokens.service';

const uuid = new ParseUUIDPipe({ version: '4', errorHttpStatusCode: 404 });

/** People and their tokens. Owners only, except that anyone may manage their own tokens. */
@ApiTags('organisers (team)')
@ApiBearerAuth()
@UseGuards(OrganiserGuard)
@Controller('api/organisers')
export class OrganisersController {
  constructor(
    private readonly people: PeopleService,
    private readonly tokens: PersonalTokensService,
  ) {}

  @Post()
  @RequireRight('owner')
  invite(@Body() dto: CreateOrganiserDto, @CurrentActor() actor: Actor) {
    return this.people.invite(actor, dto);
  }

  @Get()
  @RequireRight('owner')
  list() {
    return this.people.list();
  }

  @Patch(':id')
  @RequireRight('owner')
  update(@Param('id', uuid) id: string, @Body() dto: UpdateOrganiserDto, @CurrentActor() actor: Actor) {
    return this.people.update(actor, id, dto);
  }

  /** A new one-time link (the old ones stop working): lost link, forgotten password, lost authenticator. */
  @Post(':id/invitations')
  @RequireRight('owner')
  reinvite(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.people.reinvite(actor, id);
  }

  @Get(':id/tokens')
  @RequireRight('signed-in')
  listTokens(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.tokens.list(actor, id);
  }

  @Post(':id/tokens')
  @RequireRight('signed-in')
  createToken(@Param('id', uuid) id: string, @Body() dto: CreateTokenDto, @CurrentActor() actor: Actor) {
    return this.tokens.create(actor, id, dto.name);
  }

  @Delete(':id/tokens/:tokenId')
  @RequireRight('signed-in')
  @HttpCode(204)
  async revokeToken(@Param('id', uuid) id: string, @Param('tokenId', uuid) tokenId: string, @CurrentActor() actor: Actor) {
    await this.tokens.revoke(actor, id, tokenId);
  }
}
