import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { PaymentsModule } from '../../payments/stripe/payments.module';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { SandboxApiController, SandboxClockApiController } from './sandbox-api.controller';
import { SandboxOrganiserController } from './sandbox-organiser.controller';
import { SandboxPagesService } from './sandbox-pages.service';
import { SandboxPayController } from './sandbox-pay.controller';
import { SandboxPortalController } from './sandbox-portal.controller';

/**
 * The Stripe sandbox's pages and controls on the service's port: the donor's test payment page
 * (/sandbox/pay/:id), the customer portal (/sandbox/portal/:id) and the organiser's refund, dispute,
 * renewal and test clock controls (/organiser/sandbox,
 * /api/sandbox). AppModule imports it only in sandbox mode.
 */
@Module({
  imports: [AuthModule, PaymentsModule],
  controllers: [SandboxPayController, SandboxPortalController, SandboxOrganiserController, SandboxApiController, SandboxClockApiController],
  providers: [SandboxPagesService, PageRenderer, PageErrorFilter],
})
export class SandboxPagesModule {}
