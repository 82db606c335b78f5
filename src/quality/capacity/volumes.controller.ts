import { BadRequestException, Body, Controller, Get, Param, Post, Put, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { UnitDayCapacity, UnitDayVolumeView, UnitVolumesService } from '../volumes/unit-volumes.service';
import { CapacityWarningService, VolumesChange } from './capacity-warning.service';
import { CapacityQuery, ImportVolumesDto, SetCapacityDto, VolumesQuery } from './dtos/volumes.dto';
import { parseVolumesCsv } from './volumes-csv';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality')
export class VolumesController {
  constructor(private readonly volumes: UnitVolumesService, private readonly capacity: CapacityWarningService) {}

  /** Imports daily volumes (booked deliveries 预约配送, sales 销售) per unit and day; all-or-nothing; then checks capacity. */
  @Post('volumes')
  @Roles('quality', 'supervisor', 'admin')
  importJson(@Body() body: ImportVolumesDto): Promise<VolumesChange> {
    return this.capacity.importVolumes(body.rows);
  }

  /** The same from a CSV (header unit,date,bookedDeliveries,sales): a text/csv body, or multipart/form-data field `file`. */
  @Post('volumes.csv')
  @Roles('quality', 'supervisor', 'admin')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  importCsv(@UploadedFile() file: { buffer: Buffer } | undefined, @Req() request: Request): Promise<VolumesChange> {
    const text = file ? file.buffer.toString('utf8') : typeof request.body === 'string' ? request.body : null;
    if (text === null) throw new BadRequestException(['body: send the CSV as text/csv, or as multipart/form-data field "file"']);
    return this.capacity.importVolumes(parseVolumesCsv(text));
  }

  @Get('volumes')
  @Roles('quality', 'supervisor', 'admin')
  list(@Query() query: VolumesQuery): Promise<UnitDayVolumeView[]> {
    return this.volumes.volumes(query.from, query.to, { unitCode: query.unit });
  }

  /** Capacity and bookings of every logistics centre and dispatch team per day of the range. */
  @Get('capacity')
  @Roles('quality', 'supervisor', 'admin')
  capacities(@Query() query: CapacityQuery): Promise<UnitDayCapacity[]> {
    return this.volumes.capacities(query.from, query.to);
  }

  /** Sets one unit's capacity (作业能力) for one day; null goes back to the unit's dailyCapacity. Then checks capacity. */
  @Put('capacity/:unitCode/:date')
  @Roles('quality', 'supervisor', 'admin')
  setCapacity(@Param('unitCode') unitCode: string, @Param('date') date: string, @Body() body: SetCapacityDto): Promise<UnitDayCapacity & { alerts: VolumesChange['alerts'] }> {
    return this.capacity.setCapacity(unitCode, date, body.capacity);
  }
}
