import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { CalibrationQuery, DayRangeQuery } from './dtos/scorecard.dto';
import { CalibrationSessionView, CalibrationViewDto } from './dtos/scorecard-views.dto';
import { CalibrationService } from './calibration.service';
import { SCORECARD_READERS as READERS } from './scorecard-readers';

/** Calibration (校准): monitors who scored the same subject, side by side. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/calibration')
export class CalibrationController {
  constructor(private readonly calibration: CalibrationService) {}

  @Roles(...READERS)
  @Get('sessions')
  @ApiOkResponse({ type: [CalibrationSessionView] })
  sessions(@Query() query: DayRangeQuery): Promise<CalibrationSessionView[]> {
    return this.calibration.sessions(query);
  }

  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: CalibrationViewDto })
  compare(@Query() query: CalibrationQuery): Promise<CalibrationViewDto> {
    return this.calibration.compare(query);
  }
}
