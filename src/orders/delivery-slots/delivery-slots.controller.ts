import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { DeliverySlotDto, SetDeliverySlotsDto } from './dtos/delivery-slots.dto';
import { DeliverySlotsService } from './delivery-slots.service';

/** A logistics centre's or dispatch team's time windows and their slots (时段产能): the capacity bookings are counted against. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('delivery-slots/:centre')
export class DeliverySlotsController {
  constructor(private readonly slots: DeliverySlotsService) {}

  @Get()
  @Roles('agent', 'supervisor', 'quality', 'admin')
  @ApiOkResponse({ type: [DeliverySlotDto] })
  list(@Param('centre') centre: string): Promise<DeliverySlotDto[]> {
    return this.slots.list(centre);
  }

  @Put()
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: [DeliverySlotDto] })
  set(@Param('centre') centre: string, @Body() body: SetDeliverySlotsDto): Promise<DeliverySlotDto[]> {
    return this.slots.set(centre, body.day ?? null, body.windows);
  }
}
