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

/** The donor's checkout pages (/donate) and the organiser dashboard (/organiser). */
@Module({
  imports: [AuthModule, AppealsModule, DonationsModule, PaymentsModule, OrganiserModule, ProgressModule],
  controllers: [DonateController, SignInController, OrganiserPagesController],
  providers: [PageRenderer, PageErrorFilter, DonatePageService, OrganiserPagesService, AppealDetailService],
})
export class PagesModule {}
