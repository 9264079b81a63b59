import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { PaymentsModule } from '../payments/stripe/payments.module';
import { DonateController } from './donate/donate.controller';
import { DonatePageService } from './donate/donate-page.service';
import { AppealDetailService } from './organiser/appeal-detail.service';
import { AppealChartService } from './organiser/chart/appeal-chart.service';
import { PaymentsHealthService } from './organiser/health/payments-health.service';
import { WebhookFailureRecorder } from './organiser/health/webhook-failure.recorder';
import { OrganiserPagesController } from './organiser/organiser-pages.controller';
import { OrganiserPagesService } from './organiser/organiser-pages.service';
import { OrganiserSessionGuard } from './organiser/session/organiser-session.guard';
import { OrganiserSessionsService } from './organiser/session/organiser-sessions.service';
import { SignInController } from './organiser/sign-in.controller';
import { PageErrorFilter } from './shared/page-error.filter';
import { PageRenderer } from './shared/page-renderer';

/** The donor's checkout pages (/donate) and the organiser dashboard (/organiser). */
@Module({
  imports: [AppealsModule, PaymentsModule],
  controllers: [DonateController, SignInController, OrganiserPagesController],
  providers: [
    PageRenderer, PageErrorFilter, DonatePageService, OrganiserSessionsService, OrganiserSessionGuard,
    OrganiserPagesService, AppealDetailService, AppealChartService, PaymentsHealthService, WebhookFailureRecorder,
  ],
})
export class PagesModule {}
