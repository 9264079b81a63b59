import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { AppealsController } from './appeals.controller';
import { AppealsService } from './appeals.service';
import { PublicAppealsController } from './public-appeals.controller';

@Module({
  imports: [ProgressModule],
  controllers: [AppealsController, PublicAppealsController],
  providers: [AppealsService],
  exports: [AppealsService],
})
export class AppealsModule {}
