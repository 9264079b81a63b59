import { Global, Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { DonationsController } from './donations.controller';
import { DonationsService } from './donations.service';
import { LedgerService } from './ledger.service';

@Global()
@Module({
  imports: [AppealsModule],
  controllers: [DonationsController],
  providers: [LedgerService, DonationsService],
  exports: [LedgerService, DonationsService],
})
export class DonationsModule {}
