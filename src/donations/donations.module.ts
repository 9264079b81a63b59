import { Global, Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { CheckoutDonationsRepository } from './checkout-donations.repository';
import { DonationsController } from './donations.controller';
import { DonationsService } from './donations.service';
import { LedgerService } from './ledger.service';

@Global()
@Module({
  imports: [AppealsModule],
  controllers: [DonationsController],
  providers: [LedgerService, DonationsService, CheckoutDonationsRepository],
  exports: [LedgerService, DonationsService, CheckoutDonationsRepository],
})
export class DonationsModule {}
