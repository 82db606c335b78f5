import { Module } from '@nestjs/common';
import { CustomersModule } from '../../customers/customers.module';
import { PhoneViewsController } from './phone-views.controller';

/** The audit of unmasked phone views (callback visits, spot checks, work orders opened by quality monitors), for supervisors and admins. */
@Module({
  imports: [CustomersModule],
  controllers: [PhoneViewsController],
})
export class PhoneViewsModule {}
