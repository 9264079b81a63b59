import { Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { OrganiserGuard } from './organiser.guard';
import { TokenDigest } from './token-digest';
import { TokensService } from './tokens.service';

@Global()
@Module({ providers: [TokenDigest, TokensService, OrganiserGuard], exports: [TokenDigest, TokensService, OrganiserGuard] })
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly tokens: TokensService) {}

  /** Tokens stored before keyed digests keep working: re-keyed once, at the first start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.tokens.rekeyLegacy();
  }
}
