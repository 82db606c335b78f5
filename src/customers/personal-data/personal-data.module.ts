import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataRetentionScheduler } from './data-retention-scheduler';
import { PersonalDataController } from './personal-data.controller';
import { PersonalDataRequest } from './personal-data-request.entity';
import { PersonalDataService } from './personal-data.service';

/** PIPL: customers' personal data — export and erasure on request, retention periods, their audit. */
@Module({
  imports: [TypeOrmModule.forFeature([PersonalDataRequest])],
  controllers: [PersonalDataController],
  providers: [PersonalDataService, DataRetentionScheduler],
  exports: [PersonalDataService],
})
export class PersonalDataModule {}
