import { Module } from '@nestjs/common';
import { Customer360Controller } from './customer-360.controller';
import { Customer360Service } from './customer-360.service';
import { OrdersLookupModule } from '../../orders/lookup/orders-lookup.module';

/** Customer 360 reads customers, work orders, calls and callback visits from the data source, sales orders from the orders lookup; it owns no table. */
@Module({
  imports: [OrdersLookupModule],
  controllers: [Customer360Controller],
  providers: [Customer360Service],
})
export class Customer360Module {}
