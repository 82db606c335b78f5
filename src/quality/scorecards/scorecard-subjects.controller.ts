import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { ScorecardSubjectsQuery } from './dtos/scorecard-subjects.dto';
import { ScorecardSubjectPage } from './dtos/scorecard-views.dto';
import { ScorecardSubjectsService } from './scorecard-subjects.service';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/scorecard-subjects')
export class ScorecardSubjectsController {
  constructor(private readonly subjects: ScorecardSubjectsService) {}

  /** Recent calls (agent-handled) or work orders (agent-created) to score, newest first, with how many evaluations each has. */
  @Roles('quality', 'supervisor', 'admin')
  @Get()
  @ApiOkResponse({ type: ScorecardSubjectPage })
  list(@Query() query: ScorecardSubjectsQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.subjects.list(query, staff);
  }
}
