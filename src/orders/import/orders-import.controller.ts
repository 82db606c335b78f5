import { BadRequestException, Body, Controller, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { parseVolumesCsv } from '../../quality/volumes/volumes-csv';
import { ImportCsvQuery, importBody, type ImportOrdersBody, ImportOrdersDto, OrdersImportResultDto } from './dtos/orders-import.dto';
import { OrdersImportService } from './orders-import.service';

/** The bulk import of the order system's read model: JSON, or one CSV per kind of row. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersImportController {
  constructor(private readonly imports: OrdersImportService) {}

  /** Upserts order lines, bookings and stock; all-or-nothing, every bad row named; older OMS versions left alone. */
  @Post('import')
  @Roles('supervisor', 'admin')
  @ApiBody({ type: ImportOrdersDto })
  @ApiCreatedResponse({ type: OrdersImportResultDto })
  // A type, not the class: the global ValidationPipe passes it through uncopied and `importBody` checks it.
  importJson(@Body() body: ImportOrdersBody): Promise<OrdersImportResultDto> {
    return this.imports.import(importBody(body));
  }

  /** The same from a CSV of one kind (`?kind=lines|bookings|stock`, header = the row's fields): a text/csv body or multipart field `file`. */
  @Post('import.csv')
  @Roles('supervisor', 'admin')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  @ApiCreatedResponse({ type: OrdersImportResultDto })
  importCsv(@Query() query: ImportCsvQuery, @UploadedFile() file: { buffer: Buffer } | undefined, @Req() request: Request): Promise<OrdersImportResultDto> {
    const text = file ? file.buffer.toString('utf8') : typeof request.body === 'string' ? request.body : null;
    if (text === null) throw new BadRequestException(['body: send the CSV as text/csv, or as multipart/form-data field "file"']);
    return this.imports.import({ [query.kind]: parseVolumesCsv(text) });
  }
}
