import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Staff } from '../auth/staff.entity';
import { CustomersModule } from '../customers/customers.module';
import { SearchModule } from '../search/search.module';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { AttachmentsService } from './attachments.service';
import { WorkOrderInboxController } from './inbox/work-order-inbox.controller';
import { WorkOrderInboxService } from './inbox/work-order-inbox.service';
import { WorkOrderTimelineController } from './timeline/work-order-timeline.controller';
import { WorkOrderTimelineService } from './timeline/work-order-timeline.service';
import { ClaimsService } from './claims.service';
import { IdempotencyKeysService } from './idempotency-keys.service';
import { SlaEscalationService } from './sla-escalation.service';
import { SlaPolicy } from './sla-policies/sla-policy.entity';
import { SlaPolicyService } from './sla-policies/sla-policy.service';
import { WorkOrderAttachment } from './work-order-attachment.entity';
import { WorkOrderAudit } from './work-order-audit.entity';
import { WorkOrderCall } from './work-order-call.entity';
import { WorkOrderClaim } from './work-order-claim.entity';
import { WorkOrderDayCounter } from './work-order-day-counter.entity';
import { WorkOrderIdempotencyKey } from './work-order-idempotency-key.entity';
import { WorkOrderEvents, workOrderEventsProvider } from './work-order-events.service';
import { WorkOrderNotification } from './work-order-notification.entity';
import { WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrderRemark } from './work-order-remark.entity';
import { WorkOrder } from './work-order.entity';
import { SlaPoliciesController } from './sla-policies/sla-policies.controller';
import { WorkOrderAttachmentsController } from './work-order-attachments.controller';
import { WorkOrderClaimsController } from './work-order-claims.controller';
import { WorkOrderCreationService } from './work-order-creation.service';
import { WorkOrderLifecycleService } from './work-order-lifecycle.service';
import { WorkOrderNotificationsController } from './work-order-notifications.controller';
import { WorkOrderSearchService } from './work-order-search.service';
import { WorkOrdersController } from './work-orders.controller';
import { WorkOrdersService } from './work-orders.service';

@Module({
  imports: [
    CustomersModule,
    SearchModule,
    TypeOrmModule.forFeature([
      WorkOrder,
      WorkOrderCall,
      WorkOrderRemark,
      WorkOrderAudit,
      WorkOrderClaim,
      WorkOrderNotification,
      WorkOrderDayCounter,
      SlaPolicy,
      WorkOrderAttachment,
      WorkOrderIdempotencyKey,
      TerminalUnit,
      Staff,
    ]),
  ],
  // The notifications and inbox controllers first, so /work-orders/notifications and /inbox are not taken for a work-order number.
  controllers: [
    WorkOrderNotificationsController,
    WorkOrderInboxController,
    SlaPoliciesController,
    WorkOrdersController,
    WorkOrderClaimsController,
    WorkOrderAttachmentsController,
    WorkOrderTimelineController,
  ],
  providers: [
    workOrderEventsProvider,
    WorkOrderNotificationsService,
    SlaPolicyService,
    WorkOrdersService,
    WorkOrderCreationService,
    WorkOrderSearchService,
    WorkOrderLifecycleService,
    SlaEscalationService,
    ClaimsService,
    AttachmentsService,
    IdempotencyKeysService,
    WorkOrderInboxService,
    WorkOrderTimelineService,
  ],
  exports: [
    WorkOrdersService,
    WorkOrderCreationService,
    WorkOrderLifecycleService,
    ClaimsService,
    WorkOrderEvents,
    SlaEscalationService,
    WorkOrderNotificationsService,
  ],
})
export class WorkOrdersModule {}
