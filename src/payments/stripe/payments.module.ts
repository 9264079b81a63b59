import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppealsModule } from '../../appeals/appeals.module';
import { AuthModule } from '../../auth/auth.module';
import { DonationsModule } from '../../donations/donations.module';
import { PaymentsHealthService } from '../health/payments-health.service';
import { StripeEventFailure } from '../health/stripe-event-failure.entity';
import { WebhookFailureRecorder } from '../health/webhook-failure.recorder';
import { ReviewController } from '../review/review.controller';
import { ReviewService } from '../review/review.service';
import { ReconcileRun } from './reconcile-run.entity';
import { StripeEvent } from './stripe-event.entity';
import { AppConfig } from '../../config/app-config';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';
import { PortalController } from './portal.controller';
import { PortalService } from './portal.service';
import { ChargeDisputeHandler } from './handlers/charge-dispute.handler';
import { ChargeRefundedHandler } from './handlers/charge-refunded.handler';
import { RefundHandler } from './handlers/refund.handler';
import { CheckoutSessionClosedHandler, CheckoutSessionPaidHandler } from './handlers/checkout-session.handler';
import { STRIPE_EVENT_HANDLERS } from './handlers/handler';
import { InvoiceFailedHandler, InvoicePaidHandler, InvoicePaymentHandler } from './handlers/invoice.handler';
import { PlanTracker } from './handlers/plan-tracker';
import { SubscriptionHandler } from './handlers/subscription.handler';
import { ReconcileScheduler } from './reconcile.scheduler';
import { ReconcileService } from './reconcile.service';
import { StripeGateway } from './stripe-gateway';
import { WebhookController } from './webhook.controller';
import { WebhookService } from './webhook.service';

const HANDLERS = [
  CheckoutSessionPaidHandler,
  CheckoutSessionClosedHandler,
  ChargeRefundedHandler,
  RefundHandler,
  ChargeDisputeHandler,
  InvoicePaidHandler,
  InvoiceFailedHandler,
  InvoicePaymentHandler,
  SubscriptionHandler,
];

@Module({
  imports: [
    AuthModule,
    AppealsModule,
    DonationsModule,
    TypeOrmModule.forFeature([StripeEvent, ReconcileRun, StripeEventFailure]),
    ScheduleModule.forRoot(),
  ],
  controllers: [WebhookController, CheckoutController, PortalController, ReviewController],
  providers: [
    { provide: StripeGateway, inject: [AppConfig], useFactory: (config: AppConfig) => StripeGateway.create(config) },
    PlanTracker,
    ...HANDLERS,
    { provide: STRIPE_EVENT_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers },
    WebhookService,
    CheckoutService,
    PortalService,
    ReconcileService,
    ReconcileScheduler,
    PaymentsHealthService,
    WebhookFailureRecorder,
    ReviewService,
  ],
  exports: [StripeGateway, WebhookService, ReconcileService, CheckoutService, PortalService, PaymentsHealthService, ReviewService],
})
export class PaymentsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(StripeGateway) private readonly gateway: StripeGateway,
    private readonly http: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    // In sandbox mode the sandbox must post webhooks to wherever this instance ends up listening.
    const gateway = this.gateway;
    const fastify = this.http.httpAdapter?.getInstance?.();
    fastify?.addHook?.('onListen', async function (this: { server: { address(): unknown } }) {
      const addr = this.server.address() as { port?: number } | null;
      if (addr?.port) gateway.listeningOn(addr.port);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
  }
}
