import { Module } from '@nestjs/common';
import { Customer360Controller } from './customer-360.controller';
import { Customer360Service } from './customer-360.service';

/** Customer 360 reads customers, work orders, calls and callback visits from the data source; it owns no table. */
@Module({
  controllers: [Customer360Controller],
  providers: [Customer360Service],
})
export class Customer360Module {}
