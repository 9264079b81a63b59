import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Appeal } from './appeal.entity';
import { AppealsService } from './appeals.service';

@Module({
  imports: [TypeOrmModule.forFeature([Appeal])],
  providers: [AppealsService],
  exports: [AppealsService],
})
export class AppealsModule {}
