import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { CreateEvaluationDto, ListEvaluationsQuery } from './dtos/scorecard.dto';
import { EvaluationViewDto } from './dtos/scorecard-views.dto';
import { ScorecardEvaluationsService } from './scorecard-evaluations.service';
import { SCORECARD_READERS as READERS } from './scorecard-readers';

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
