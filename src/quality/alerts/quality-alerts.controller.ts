import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QualityAlertViewDto } from './dtos/quality-alert-view.dto';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { AcknowledgeQualityAlertDto, QualityAlertListQuery } from './dtos/quality-alert.dto';
import { QualityAlertsService } from './quality-alerts.service';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/alerts')
export class QualityAlertsController {
  constructor(private readonly alerts: QualityAlertsService) {}

  /** Capacity warnings and hot spots (爆发点), newest first. */
  @Get()
  @Roles('quality', 'supervisor', 'admin')
  @ApiOkResponse({ type: [QualityAlertViewDto] })
  list(@Query() query: QualityAlertListQuery): Promise<QualityAlertViewDto[]> {
    return this.alerts.list(query);
  }

  /** Acknowledges an open alert (409 when already acknowledged). */
  @Post(':id/acknowledge')
  @Roles('quality', 'supervisor', 'admin')
  @ApiCreatedResponse({ type: QualityAlertViewDto })
  acknowledge(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: AcknowledgeQualityAlertDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<QualityAlertViewDto> {
    return this.alerts.acknowledge(id, staff, body.note);
  }
}
