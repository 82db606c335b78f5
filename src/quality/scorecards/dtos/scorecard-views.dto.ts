import { ApiProperty } from '@nestjs/swagger';
import { SUBJECT_TYPES, type SubjectType } from '../scorecard-scoring';

/* The scorecard routes' answers as OpenAPI describes them: the types the scorecard services return. */

export class ScorecardItemView {
  /** Unique within the form (e.g. greeting_polite). */
  code: string;
  label: string;
  maxPoints: number;
  /** Share of the total: weight / totalWeight. */
  weight: number;
  /** Scored 0, it zeroes the whole evaluation. */
  criticalFail: boolean;
}

export class ScorecardSectionView {
  title: string;
  items: ScorecardItemView[];
}

export class ScorecardFormVersionView {
  version: number;
  createdAt: Date;
  /** Evaluations scored on this version. */
  evaluations: number;
}

export class ScorecardFormSummary {
  id: number;
  name: string;
  description: string | null;
  @ApiProperty({ enum: SUBJECT_TYPES, isArray: true })
  subjectTypes: SubjectType[];
  currentVersion: number;
  retired: boolean;
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export class ScorecardFormDetailView extends ScorecardFormSummary {
  /** The version shown (the current one unless asked for another). */
  version: number;
  sections: ScorecardSectionView[];
  totalWeight: number;
  versions: ScorecardFormVersionView[];
}

export class EvaluationFormRef {
  id: number;
  name: string;
  version: number;
}

export class EvaluationItemView {
  section: string;
  item: string;
  label: string;
  points: number;
  maxPoints: number;
  weight: number;
  criticalFail: boolean;
  failed: boolean;
  comment: string | null;
}

export class EvaluationViewDto {
  id: number;
  form: EvaluationFormRef;
  @ApiProperty({ enum: SUBJECT_TYPES })
  subjectType: SubjectType;
  /** The CallSid, or the work order's number. */
  subjectId: string;
  /** The evaluated agent (工号). */
  agentJobNumber: string;
  monitorJobNumber: string;
  scorePct: number;
  criticalFailed: boolean;
  criticalFailedItems: string[];
  items: EvaluationItemView[];
  comment: string | null;
  evaluatedAt: Date;
  /** The call's recording, for call subjects (one evaluation read alone). */
  recordingUrl?: string | null;
}

export class DispersionView {
  mean: number | null;
  spread: number | null;
  variance: number | null;
}

export class CalibrationSessionView {
  formId: number;
  version: number;
  @ApiProperty({ enum: SUBJECT_TYPES })
  subjectType: string;
  subjectId: string;
  agentJobNumber: string;
  monitors: string[];
  evaluations: number;
  firstEvaluatedAt: Date;
  lastEvaluatedAt: Date;
  total: DispersionView;
}

export class CalibrationItemScore {
  monitorJobNumber: string;
  evaluationId: number;
  points: number;
}

export class CalibrationItemView extends DispersionView {
  section: string;
  item: string;
  label: string;
  maxPoints: number;
  criticalFail: boolean;
  scores: CalibrationItemScore[];
}

export class CalibrationTotalScore {
  monitorJobNumber: string;
  evaluationId: number;
  scorePct: number;
}

export class CalibrationTotalView extends DispersionView {
  scores: CalibrationTotalScore[];
}

export class CalibrationViewDto {
  @ApiProperty({ enum: SUBJECT_TYPES })
  subjectType: SubjectType;
  subjectId: string;
  form: EvaluationFormRef;
  agentJobNumber: string;
  monitors: string[];
  items: CalibrationItemView[];
  total: CalibrationTotalView;
  /** True when two or more monitors scored it. */
  calibrated: boolean;
  versionsScored: number[];
}

export class ScorecardSubjectView {
  @ApiProperty({ enum: SUBJECT_TYPES })
  subjectType: SubjectType;
  /** What an evaluation's subjectId takes: the CallSid, or the work-order number. */
  subjectId: string;
  agentJobNumber: string;
  at: Date;
  summary: string;
  /** A call's queue and caller (masked for quality monitors). */
  queueCode: string | null;
  caller: string | null;
  /** A work order's category and status. */
  category: string | null;
  status: string | null;
  recordingUrl: string | null;
  /** Evaluations it already has (any form, any monitor). */
  evaluations: number;
}

export class ScorecardSubjectPage {
  items: ScorecardSubjectView[];
  nextCursor: string | null;
}
