import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalibrationService } from './calibration.service';
import { ScorecardEvaluation } from './scorecard-evaluation.entity';
import { ScorecardEvaluationsService } from './scorecard-evaluations.service';
import { ScorecardFormVersion } from './scorecard-form-version.entity';
import { ScorecardForm } from './scorecard-form.entity';
import { ScorecardFormsService } from './scorecard-forms.service';
import { ScorecardSubjectsController } from './scorecard-subjects.controller';
import { ScorecardSubjectsService } from './scorecard-subjects.service';
import { CalibrationController } from './calibration.controller';
import { EvaluationsController } from './evaluations.controller';
import { ScorecardFormsController } from './scorecard-forms.controller';

/** QA scorecards (质检评分表), evaluations of calls and work orders, and calibration between monitors. */
@Module({
  imports: [TypeOrmModule.forFeature([ScorecardForm, ScorecardFormVersion, ScorecardEvaluation])],
  controllers: [ScorecardFormsController, EvaluationsController, CalibrationController, ScorecardSubjectsController],
  providers: [ScorecardFormsService, ScorecardEvaluationsService, CalibrationService, ScorecardSubjectsService],
  exports: [ScorecardFormsService, ScorecardEvaluationsService],
})
export class ScorecardsModule {}
