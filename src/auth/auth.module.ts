import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditService } from './audit/audit.service';
import { OrganiserToken } from './organiser-token.entity';
import { OrganiserGuard } from './organiser.guard';
import { ActorsService } from './people/actors.service';
import { Invitation } from './people/invitation.entity';
import { PersonAppeal } from './people/person-appeal.entity';
import { PersonSignInService } from './people/person-sign-in.service';
import { Person } from './people/person.entity';
import { SecretBox } from './secret-box';
import { OrganiserSession } from './session/organiser-session.entity';
import { OrganiserSessionGuard } from './session/organiser-session.guard';
import { OrganiserSessionsService } from './session/organiser-sessions.service';
import { TokenDigest } from './token-digest';
import { TokensService } from './tokens.service';

const PROVIDERS = [
  TokenDigest,
  TokensService,
  SecretBox,
  ActorsService,
  AuditService,
  OrganiserGuard,
  OrganiserSessionsService,
  OrganiserSessionGuard,
  PersonSignInService,
];

/**
 * Who is asking and what they may do: organiser tokens (the API), sessions (the dashboard),
 * people with roles, and the audit trail every organiser action writes to. Modules whose
 * controllers guard with it, or whose changes are audited, import it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OrganiserToken, OrganiserSession, Person, PersonAppeal, Invitation, AuditEntry])],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly tokens: TokensService) {}

  /** Tokens stored before keyed digests keep working: re-keyed once, at the first start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.tokens.rekeyLegacy();
  }
}
