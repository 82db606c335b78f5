import { Body, Controller, Get, Param, ParseIntPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto } from './dtos/work-order.dto';
import { ON_ORDERS } from './work-order-access';

/** Photos and documents of a work order, archived in the customer's folder. */
@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrderAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Roles(...ON_ORDERS)
  @Get(':number/attachments')
  listAttachments(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.attachments.list(number, staff);
  }

  /** A photo or document (base64 JSON), archived in the customer's folder under the customer's ID. */
  @Roles(...ON_ORDERS)
  @Post(':number/attachments')
  addAttachment(@Param('number') number: string, @Body() body: AttachmentDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.attachments.add(number, body, staff);
  }

  @Roles(...ON_ORDERS)
  @Get(':number/attachments/:id')
  async attachment(@Param('number') number: string, @Param('id', ParseIntPipe) id: number, @CurrentStaff() staff: StaffPrincipal) {
    const { row, data } = await this.attachments.read(number, id, staff);
    return new StreamableFile(data, { type: row.contentType, disposition: `inline; filename="${encodeURIComponent(row.originalName)}"`, length: data.length });
  }
}
