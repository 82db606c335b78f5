import { BadRequestException, Body, Controller, Get, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UnitDayVolumeDto, VolumesChangeDto } from './dtos/volumes-view.dto';
import type { Request } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CapacityWarningService } from '../capacity/capacity-warning.service';
import { ImportVolumesDto, VolumesQuery } from './dtos/volumes.dto';
import { UnitVolumesService } from './unit-volumes.service';
import { parseVolumesCsv } from './volumes-csv';

/** Daily volumes per unit: the import (JSON or CSV), which checks capacity at once, and the list. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality')
export class VolumesController {
  constructor(
    private readonly volumes: UnitVolumesService,
    private readonly capacity: CapacityWarningService,
  ) {}

  /** Imports daily volumes (booked deliveries 预约配送, sales 销售) per unit and day; all-or-nothing; then checks capacity. */
  @Post('volumes')
  @Roles('quality', 'supervisor', 'admin')
  @ApiCreatedResponse({ type: VolumesChangeDto })
  importJson(@Body() body: ImportVolumesDto): Promise<VolumesChangeDto> {
    return this.capacity.importVolumes(body.rows);
  }

  /** The same from a CSV (header unit,date,bookedDeliveries,sales): a text/csv body, or multipart/form-data field `file`. */
  @Post('volumes.csv')
  @Roles('quality', 'supervisor', 'admin')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  @ApiCreatedResponse({ type: VolumesChangeDto })
  importCsv(@UploadedFile() file: { buffer: Buffer } | undefined, @Req() request: Request): Promise<VolumesChangeDto> {
    const text = file ? file.buffer.toString('utf8') : typeof request.body === 'string' ? request.body : null;
    if (text === null) throw new BadRequestException(['body: send the CSV as text/csv, or as multipart/form-data field "file"']);
    return this.capacity.importVolumes(parseVolumesCsv(text));
  }

  @Get('volumes')
  @Roles('quality', 'supervisor', 'admin')
  @ApiOkResponse({ type: [UnitDayVolumeDto] })
  list(@Query() query: VolumesQuery): Promise<UnitDayVolumeDto[]> {
    return this.volumes.volumes(query.from, query.to, { unitCode: query.unit });
  }
}
