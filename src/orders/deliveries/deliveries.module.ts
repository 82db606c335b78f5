import { Module } from '@nestjs/common';
import { OrdersLookupModule } from '../lookup/orders-lookup.module';
import { OrdersModule } from '../orders.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { BookingChangesService } from './booking-changes.service';
import { DeliveriesController } from './deliveries.controller';
import { OrderChangeOutbox } from './order-change-outbox';

/** /deliveries/:reference — capacity calendar, reschedule, address, re-delivery, the audit. */
@Module({
  imports: [OrdersModule, OrdersLookupModule, OutboxModule],
  controllers: [DeliveriesController],
  providers: [BookingChangesService, OrderChangeOutbox],
})
export class DeliveriesModule {}
