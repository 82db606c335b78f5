import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerLookupService } from './customer-lookup.service';
import { Customer, CustomerPhone } from './customer.entity';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { PhoneViewsService } from './phone-views.service';
import { QualityPhoneView } from './quality-phone-view.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, CustomerPhone, QualityPhoneView])],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerLookupService, PhoneViewsService],
  exports: [CustomersService, CustomerLookupService, PhoneViewsService],
})
export class CustomersModule {}
