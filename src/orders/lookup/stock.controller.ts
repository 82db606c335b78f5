import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { StockLevelDto, StockQuery } from './dtos/sales-order-view.dto';
import { OrdersLookupService } from './orders-lookup.service';

/** Stock (库存量) of a product by store and warehouse. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('stock')
export class StockController {
  constructor(private readonly lookup: OrdersLookupService) {}

  @Get()
  @Roles('agent', 'supervisor', 'terminal')
  @ApiOkResponse({ type: [StockLevelDto] })
  list(@Query() query: StockQuery): Promise<StockLevelDto[]> {
    return this.lookup.stock(query.product.trim(), query.unit);
  }
}
