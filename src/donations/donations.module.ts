import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppealsModule } from '../appeals/appeals.module';
import { AuthModule } from '../auth/auth.module';
import { AppealChartService } from './appeal-chart.service';
import { AppealTotals } from './appeal-totals.entity';
import { CheckoutDonationsRepository } from './checkout-donations.repository';
import { Dispute } from './dispute.entity';
import { Donation } from './donation.entity';
import { DonationsController } from './donations.controller';
import { DonationsService } from './donations.service';
import { LedgerService } from './ledger.service';
import { Refund } from './refund.entity';
import { GiftVoid } from './gift-void.entity';
import { ReviewResolution } from './review-resolution.entity';
import { Plan } from './plan.entity';
import { PlanLedger } from './plan-ledger.service';
import { PlansService } from './plans.service';

/** The ledger and the tables it alone writes. */
@Module({
  imports: [
    AuthModule,
    AppealsModule,
    TypeOrmModule.forFeature([Donation, Refund, Dispute, AppealTotals, GiftVoid, ReviewResolution, Plan]),
  ],
  controllers: [DonationsController],
  providers: [LedgerService, PlanLedger, PlansService, DonationsService, CheckoutDonationsRepository, AppealChartService],
  exports: [LedgerService, PlanLedger, PlansService, DonationsService, CheckoutDonationsRepository, AppealChartService],
})
export class DonationsModule {}
