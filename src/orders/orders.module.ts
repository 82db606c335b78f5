import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryBooking } from './delivery-booking.entity';
import { DeliverySlotCapacity } from './delivery-slot-capacity.entity';
import { OrderChange } from './order-change.entity';
import { SalesOrderLine } from './sales-order-line.entity';
import { SalesOrder } from './sales-order.entity';
import { StockLevel } from './stock-level.entity';

/** The order system's read model (orders, lines, bookings, stock, slots, the audit of changes); its routes are in the sub-folders' modules. */
@Module({
  imports: [TypeOrmModule.forFeature([SalesOrder, SalesOrderLine, DeliveryBooking, StockLevel, DeliverySlotCapacity, OrderChange])],
  exports: [TypeOrmModule],
})
export class OrdersModule {}
