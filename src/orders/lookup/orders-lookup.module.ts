import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders.module';
import { OrdersController } from './orders.controller';
import { OrdersLookupService } from './orders-lookup.service';
import { StockController } from './stock.controller';

/** GET /orders, /orders/:number, /stock; the lookup service for the screen pop and customer 360. */
@Module({
  imports: [OrdersModule],
  controllers: [OrdersController, StockController],
  providers: [OrdersLookupService],
  exports: [OrdersLookupService],
})
export class OrdersLookupModule {}
