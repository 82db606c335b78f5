import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CustomersService } from './customers.service';
import { AddPhoneDto, CreateCustomerDto, CustomerHistoryView, CustomerView, UpdateCustomerDto } from './dtos/customer.dto';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** The screen pop: the caller's customer record, work orders and linked calls (any usual phone format). */
  @Roles('agent', 'supervisor', 'quality')
  @Get('by-phone/:phone')
  byPhone(@Param('phone') phone: string): Promise<CustomerHistoryView> {
    return this.customers.historyByPhone(phone);
  }

  @Roles('agent', 'supervisor', 'quality')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<CustomerView> {
    return this.customers.get(id);
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
