import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TelephonyModule } from '../../telephony/telephony.module';
import { WorkOrdersModule } from '../../work-orders/work-orders.module';
import { CallbackAttempt } from './callback-attempt.entity';
import { CallbackSchedulerService } from './callback-scheduler.service';
import { CallbackVisit } from './callback-visit.entity';
import { CallbackVisitsService } from './callback-visits.service';
import { CallbacksController, PhoneViewsController } from './callbacks.controller';
import { PhoneViewsService } from './phone-views.service';
import { QualityPhoneView } from './quality-phone-view.entity';

/** Callback visits (回访) after work orders close, and the audit of unmasked phone views (shared with spot checks). */
@Module({
  imports: [TypeOrmModule.forFeature([CallbackVisit, CallbackAttempt, QualityPhoneView]), WorkOrdersModule, TelephonyModule],
  controllers: [CallbacksController, PhoneViewsController],
  providers: [CallbackVisitsService, CallbackSchedulerService, PhoneViewsService],
  exports: [CallbackVisitsService, CallbackSchedulerService, PhoneViewsService],
})
export class CallbacksModule {}
