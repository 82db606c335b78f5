import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Staff } from '../auth/staff.entity';
import { CustomersModule } from '../customers/customers.module';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { AttachmentsService } from './attachments.service';
import { ClaimsService } from './claims.service';
import { IdempotencyKeysService } from './idempotency-keys.service';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { WORK_ORDER_CLOCK, WorkOrderClock } from './clock';
import { SlaEscalationService } from './sla-escalation.service';
import { SlaPolicy } from './sla-policy.entity';
import { SlaPolicyService } from './sla-policy.service';
import { WorkOrderAttachment } from './work-order-attachment.entity';
import { WorkOrderAudit } from './work-order-audit.entity';
import { WorkOrderCall } from './work-order-call.entity';
import { WorkOrderClaim } from './work-order-claim.entity';
import { WorkOrderDayCounter } from './work-order-day-counter.entity';
import { WorkOrderIdempotencyKey } from './work-order-idempotency-key.entity';
import { WorkOrderEvents } from './work-order-events.service';
import { WorkOrderNotification } from './work-order-notification.entity';
import { WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrderRemark } from './work-order-remark.entity';
import { WorkOrder } from './work-order.entity';
import { SlaPoliciesController, WorkOrderNotificationsController, WorkOrdersController } from './work-orders.controller';
import { WorkOrdersService } from './work-orders.service';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    CustomersModule,
    TypeOrmModule.forFeature([
      WorkOrder, WorkOrderCall, WorkOrderRemark, WorkOrderAudit, WorkOrderClaim, WorkOrderNotification, WorkOrderDayCounter, SlaPolicy,
      WorkOrderAttachment, WorkOrderIdempotencyKey, TerminalUnit, Staff,
    ]),
  ],
  // The notifications controller first, so /work-orders/notifications is not taken for a work-order number.
  controllers: [WorkOrderNotificationsController, SlaPoliciesController, WorkOrdersController],
  providers: [
    // The app clock (wall time; the tests' virtual clock), so work orders and calls share one timeline.
    { provide: WORK_ORDER_CLOCK, useFactory: (clock: AppClock): WorkOrderClock => ({ now: () => new Date(clock.now()) }), inject: [APP_CLOCK] },
    WorkOrderEvents, WorkOrderNotificationsService, SlaPolicyService, WorkOrdersService, SlaEscalationService, ClaimsService, AttachmentsService, IdempotencyKeysService,
  ],
  exports: [WorkOrdersService, WorkOrderEvents, SlaEscalationService, WorkOrderNotificationsService],
})
export class WorkOrdersModule {}
