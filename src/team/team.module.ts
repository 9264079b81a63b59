import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AuthModule } from '../auth/auth.module';
import { AccountService } from './account.service';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { InvitationMailer } from './invitation-mailer';
import { InvitationsService } from './invitations.service';
import { OrganisersController } from './organisers.controller';
import { PeopleService } from './people.service';
import { PersonalTokensService } from './personal-tokens.service';

const PROVIDERS = [AccountService, PeopleService, PersonalTokensService, InvitationsService, InvitationMailer, AuditQueryService];

/** Organiser teams: people, invitations, personal tokens (JSON API) and reading the audit trail. */
@Module({
  imports: [AuthModule, AppealsModule],
  controllers: [OrganisersController, AuditController],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class TeamModule {}
