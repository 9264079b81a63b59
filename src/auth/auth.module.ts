import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganiserToken } from './organiser-token.entity';
import { OrganiserGuard } from './organiser.guard';
import { OrganiserSession } from './session/organiser-session.entity';
import { OrganiserSessionGuard } from './session/organiser-session.guard';
import { OrganiserSessionsService } from './session/organiser-sessions.service';
import { TokenDigest } from './token-digest';
import { TokensService } from './tokens.service';

/** Organiser tokens (the API) and sessions (the dashboard); modules whose controllers guard with them import it. */
@Module({
  imports: [TypeOrmModule.forFeature([OrganiserToken, OrganiserSession])],
  providers: [TokenDigest, TokensService, OrganiserGuard, OrganiserSessionsService, OrganiserSessionGuard],
  exports: [TokenDigest, TokensService, OrganiserGuard, OrganiserSessionsService, OrganiserSessionGuard],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly tokens: TokensService) {}

  /** Tokens stored before keyed digests keep working: re-keyed once, at the first start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.tokens.rekeyLegacy();
  }
}
