import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { CalibrationService } from './calibration.service';
import {
  CalibrationQuery,
  CreateEvaluationDto,
  DayRangeQuery,
  FormVersionQuery,
  ListEvaluationsQuery,
  ListScorecardFormsQuery,
  ScorecardFormDto,
} from './dtos/scorecard.dto';
import { ScorecardEvaluationsService } from './scorecard-evaluations.service';
import { ScorecardFormsService } from './scorecard-forms.service';
import { CalibrationSessionView, CalibrationViewDto, EvaluationViewDto, ScorecardFormDetailView, ScorecardFormSummary } from './dtos/scorecard-views.dto';

const READERS = ['quality', 'supervisor', 'admin'] as const;

/** QA forms (质检评分表) with sections and weighted items, versioned. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/scorecards')
export class ScorecardFormsController {
  constructor(private readonly forms: ScorecardFormsService) {}

  @Roles('quality', 'admin')
  @Post()
  @ApiCreatedResponse({ type: ScorecardFormDetailView })
  create(@Body() body: ScorecardFormDto, @CurrentStaff() staff: StaffPrincipal): Promise<ScorecardFormDetailView> {
    return this.forms.create(body, staff);
  }

  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: [ScorecardFormSummary] })
  list(@Query() query: ListScorecardFormsQuery): Promise<ScorecardFormSummary[]> {
    return this.forms.list(query.includeRetired);
  }

  /** The form with its current version's sections (or `?version=` an older one) and every version's evaluation count. */
  @Roles(...READERS)
  @Get(':id')
  @ApiOkResponse({ type: ScorecardFormDetailView })
  get(@Param('id', ParseIntPipe) id: number, @Query() query: FormVersionQuery): Promise<ScorecardFormDetailView> {
    return this.forms.get(id, query.version);
  }

  /** Replaces the form; a form already scored on gets a new version. */
  @Roles('quality', 'admin')
  @Put(':id')
  @ApiOkResponse({ type: ScorecardFormDetailView })
  update(@Param('id', ParseIntPipe) id: number, @Body() body: ScorecardFormDto, @CurrentStaff() staff: StaffPrincipal): Promise<ScorecardFormDetailView> {
    return this.forms.update(id, body, staff);
  }

  @Roles('quality', 'admin')
  @Post(':id/retire')
  @HttpCode(200)
  @ApiOkResponse({ type: ScorecardFormDetailView })
  retire(@Param('id', ParseIntPipe) id: number): Promise<ScorecardFormDetailView> {
    return this.forms.retire(id);
  }
}

/** Evaluations (质检评分) of calls and work orders. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: ScorecardEvaluationsService) {}

  @Roles('quality')
  @Post()
  @ApiCreatedResponse({ type: EvaluationViewDto })
  create(@Body() body: CreateEvaluationDto, @CurrentStaff() staff: StaffPrincipal): Promise<EvaluationViewDto> {
    return this.evaluations.evaluate(body, staff);
  }

  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: [EvaluationViewDto] })
  list(@Query() query: ListEvaluationsQuery): Promise<EvaluationViewDto[]> {
    return this.evaluations.list(query);
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOkResponse({ type: EvaluationViewDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<EvaluationViewDto> {
    return this.evaluations.get(id);
  }
}

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
