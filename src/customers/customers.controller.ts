import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { CustomersService } from './customers.service';
import { maskPhonesExcept, masksPhonesFor } from './phone-masking';
import { AddPhoneDto, CreateCustomerDto, CustomerHistoryView, CustomerView, UpdateCustomerDto } from './dtos/customer.dto';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** The screen pop: the caller's customer record, work orders and linked calls (any usual phone format). */
  @Roles('agent', 'supervisor', 'quality')
  @Get('by-phone/:phone')
  async byPhone(@Param('phone') phone: string, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerHistoryView> {
    const history = await this.customers.historyByPhone(phone, staff);
    // Quality monitors keep the number they asked by; the customer's other numbers are masked.
    if (!history.customer || !masksPhonesFor(staff.roles)) return history;
    return { ...history, customer: { ...history.customer, phones: maskPhonesExcept(history.customer.phones, history.phone) } };
  }

  @Roles('agent', 'supervisor', 'quality')
  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerView> {
    const customer = await this.customers.get(id);
    return masksPhonesFor(staff.roles) ? { ...customer, phones: maskPhonesExcept(customer.phones) } : customer;
  }

  @Roles('agent', 'supervisor')
  @Post()
  create(@Body() body: CreateCustomerDto): Promise<CustomerView> {
    return this.customers.create(body);
  }

  @Roles('agent', 'supervisor')
  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateCustomerDto): Promise<CustomerView> {
    return this.customers.update(id, body);
  }

  @Roles('agent', 'supervisor')
  @Post(':id/phones')
  addPhone(@Param('id', ParseIntPipe) id: number, @Body() body: AddPhoneDto): Promise<CustomerView> {
    return this.customers.addPhone(id, body);
  }
}
