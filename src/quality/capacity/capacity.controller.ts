import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UnitDayCapacityDto } from './dtos/capacity-view.dto';
import { Roles } from '../../auth/auth.decorators';
import { UnitVolumesService } from '../volumes/unit-volumes.service';
import { CapacityWarningService } from './capacity-warning.service';
import { CapacityQuery, SetCapacityDto } from './dtos/capacity.dto';
import type { VolumesChangeDto } from '../volumes/dtos/volumes-view.dto';

/** Logistics capacity (作业能力) per unit and day, and its changes, which check capacity at once. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality')
export class CapacityController {
  constructor(
    private readonly volumes: UnitVolumesService,
    private readonly capacity: CapacityWarningService,
  ) {}

  /** Capacity and bookings of every logistics centre and dispatch team per day of the range. */
  @Get('capacity')
  @Roles('quality', 'supervisor', 'admin')
  @ApiOkResponse({ type: [UnitDayCapacityDto] })
  capacities(@Query() query: CapacityQuery): Promise<UnitDayCapacityDto[]> {
    return this.volumes.capacities(query.from, query.to);
  }

  /** Sets one unit's capacity (作业能力) for one day; null goes back to the unit's dailyCapacity. Then checks capacity. */
  @Put('capacity/:unitCode/:date')
  @Roles('quality', 'supervisor', 'admin')
  setCapacity(
    @Param('unitCode') unitCode: string,
    @Param('date') date: string,
    @Body() body: SetCapacityDto,
  ): Promise<UnitDayCapacityDto & { alerts: VolumesChangeDto['alerts'] }> {
    return this.capacity.setCapacity(unitCode, date, body.capacity);
  }
}
