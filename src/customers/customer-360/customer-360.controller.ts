import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { Customer360Query } from './dtos/customer-360.dto';
import { Customer360Service } from './customer-360.service';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customer-360')
export class Customer360Controller {
  constructor(private readonly customers: Customer360Service) {}

  /** Find a customer by phone, work-order number or name: their orders, calls and callback visits (回访). */
  @Roles('agent', 'supervisor', 'quality', 'terminal')
  @Get()
  search(@Query() query: Customer360Query, @CurrentStaff() staff: StaffPrincipal) {
    return this.customers.search(query.q, staff);
  }
}
