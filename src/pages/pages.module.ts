import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { AppealsModule } from '../appeals/appeals.module';
import { AuthModule } from '../auth/auth.module';
import { DonationsModule } from '../donations/donations.module';
import { OrganiserModule } from '../organiser/organiser.module';
import { PaymentsModule } from '../payments/stripe/payments.module';
import { DonateController } from './donate/donate.controller';
import { DonatePageService } from './donate/donate-page.service';
import { AppealDetailService } from './organiser/appeal-detail.service';
import { OrganiserPagesController } from './organiser/organiser-pages.controller';
import { OrganiserPagesService } from './organiser/organiser-pages.service';
import { SignInController } from './organiser/sign-in.controller';
import { PageErrorFilter } from './shared/page-error.filter';
import { PageRenderer } from './shared/page-renderer';
import { TeamModule } from '../team/team.module';
import { AccountPagesController } from './team/account-pages.controller';
import { InvitationController } from './team/invitation.controller';
import { TeamPagesController } from './team/team-pages.controller';
import { TeamPagesService } from './team/team-pages.service';

/** The donor's checkout pages (/donate) and the organiser dashboard (/organiser, with Team, Audit and invitations). */
@Module({
  imports: [AuthModule, AppealsModule, DonationsModule, PaymentsModule, OrganiserModule, ProgressModule, TeamModule],
  controllers: [
    DonateController,
    SignInController,
    OrganiserPagesController,
    TeamPagesController,
    InvitationController,
    AccountPagesController,
  ],
  providers: [PageRenderer, PageErrorFilter, DonatePageService, OrganiserPagesService, AppealDetailService, TeamPagesService],
})
export class PagesModule {}
