import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerLookupService } from './customer-lookup.service';
import { Customer, CustomerPhone } from './customer.entity';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, CustomerPhone])],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerLookupService],
  exports: [CustomersService, CustomerLookupService],
})
export class CustomersModule {}
