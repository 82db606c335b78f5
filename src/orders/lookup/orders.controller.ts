import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { OrdersQuery, SalesOrderDto, SalesOrderListDto } from './dtos/sales-order-view.dto';
import { OrdersLookupService } from './orders-lookup.service';

/** Orders at the agent's hand: search by order number or phone, one order with its lines and bookings. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly lookup: OrdersLookupService) {}

  /** By order number, or a phone's newest orders. */
  @Get()
  @Roles('agent', 'supervisor', 'terminal')
  @ApiOkResponse({ type: SalesOrderListDto })
  search(@Query() query: OrdersQuery): Promise<SalesOrderListDto> {
    return this.lookup.search(query.q);
  }

  @Get(':number')
  @Roles('agent', 'supervisor', 'terminal')
  @ApiOkResponse({ type: SalesOrderDto })
  get(@Param('number') number: string): Promise<SalesOrderDto> {
    return this.lookup.byNumber(number);
  }
}
