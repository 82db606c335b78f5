import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../../customers/customers.module';
import { TelephonyModule } from '../../telephony/telephony.module';
import { WorkOrdersModule } from '../../work-orders/work-orders.module';
import { CallbackAttempt } from './callback-attempt.entity';
import { CallbackSchedulerService } from './callback-scheduler.service';
import { CallbackVisit } from './callback-visit.entity';
import { CallbackVisitsService } from './callback-visits.service';
import { CallbacksController } from './callbacks.controller';

/** Callback visits (回访) after work orders close. */
@Module({
  imports: [TypeOrmModule.forFeature([CallbackVisit, CallbackAttempt]), WorkOrdersModule, TelephonyModule, CustomersModule],
  controllers: [CallbacksController],
  providers: [CallbackVisitsService, CallbackSchedulerService],
  exports: [CallbackVisitsService, CallbackSchedulerService],
})
export class CallbacksModule {}
