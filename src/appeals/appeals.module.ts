import { Module } from '@nestjs/common';
import { AppealsController } from './appeals.controller';
import { AppealsService } from './appeals.service';
import { PublicAppealsController } from './public-appeals.controller';

@Module({
  controllers: [AppealsController, PublicAppealsController],
  providers: [AppealsService],
  exports: [AppealsService],
})
export class AppealsModule {}
