import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AuthModule } from '../auth/auth.module';
import { DonationsModule } from '../donations/donations.module';
import { ProgressModule } from '../progress/progress.module';
import { AppealsController } from './appeals.controller';
import { OrganiserAppealsService } from './organiser-appeals.service';

/** The organiser's JSON API for appeals (an appeal together with its totals). */
@Module({
  imports: [AuthModule, AppealsModule, DonationsModule, ProgressModule],
  controllers: [AppealsController],
  providers: [OrganiserAppealsService],
  exports: [OrganiserAppealsService],
})
export class OrganiserModule {}
