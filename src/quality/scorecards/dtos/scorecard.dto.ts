import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SUBJECT_TYPES, SubjectType } from '../scorecard-scoring';
import { DAY_PATTERN } from '../../../clock/site-day';
import { BooleanQuery, Optional } from '../../../http/validation';

export const ITEM_CODE = /^[a-z][a-z0-9_]{1,31}$/;
const ITEM_CODE_MESSAGE = 'code must be 2–32 characters of a-z, 0-9 or _, starting with a letter (e.g. greeting_polite)';
const JOB_NUMBER = /^[A-Za-z0-9]{1,16}$/;

export class ScorecardItemDto {
  @Matches(ITEM_CODE, { message: ITEM_CODE_MESSAGE })
  code: string;

  @IsString()
  @Length(1, 100)
  label: string;

  @IsInt()
  @Min(1)
  @Max(100)
  maxPoints: number;

  /** Share of the total; defaults to maxPoints. */
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  weight?: number;

  /** Scored 0, it zeroes the whole evaluation (e.g. 辱骂客户 rude language). */
  @Optional()
  @IsBoolean()
  criticalFail?: boolean;
}

export class ScorecardSectionDto {
  /** e.g. 问候与礼貌用语, 准确性, 解决方案, 结案. */
  @IsString()
  @Length(1, 100)
  title: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ScorecardItemDto)
  items: ScorecardItemDto[];
}

/** A whole form: creating one, or replacing one (PUT makes a new version when the current one has evaluations). */
export class ScorecardFormDto {
  @IsString()
  @Length(1, 100)
  name: string;

  @Optional()
  @IsString()
  @Length(0, 1000)
  description?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SUBJECT_TYPES, { each: true, message: `subjectTypes must hold ${SUBJECT_TYPES.join(' and/or ')}` })
  subjectTypes: SubjectType[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScorecardSectionDto)
  sections: ScorecardSectionDto[];
}

export class ListScorecardFormsQuery {
  /** Retired forms too. */
  @Optional()
  @BooleanQuery()
  includeRetired?: boolean;
}

export class FormVersionQuery {
  /** An older version's sections; the current one when absent. */
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version?: number;
}

/** One item's points; range and completeness are checked against the form version, naming the item. */
export class ItemScoreDto {
  @IsString()
  @Length(1, 32)
  item: string;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'points must be a number' })
  points: number;

  @Optional()
  @IsString()
  @Length(0, 1000)
  comment?: string;
}

export class CreateEvaluationDto {
  @IsInt()
  @Min(1)
  formId: number;

  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of: ${SUBJECT_TYPES.join(', ')}` })
  subjectType: SubjectType;

  /** The call's CallSid, or the work order's number. */
  @IsString()
  @Length(1, 40)
  subjectId: string;

  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ItemScoreDto)
  scores: ItemScoreDto[];

  @Optional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}

/** A range of site days, both inclusive (checked by the service: from ≤ to, at most 366 days). */
export class DayRangeQuery {
  @Optional()
  @Matches(DAY_PATTERN, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @Optional()
  @Matches(DAY_PATTERN, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ListEvaluationsQuery extends DayRangeQuery {
  /** The evaluated agent's job number (工号). */
  @Optional()
  @Matches(JOB_NUMBER, { message: 'agent must be 1–16 letters or digits' })
  agent?: string;

  /** The subject's CallSid or work-order number. */
  @Optional()
  @IsString()
  @Length(1, 40)
  subject?: string;

  @Optional()
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of: ${SUBJECT_TYPES.join(', ')}` })
  subjectType?: SubjectType;

  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'formId must be a whole number' })
  formId?: number;

  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1)
  @Max(500)
  limit?: number;
}

export class CalibrationQuery {
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of: ${SUBJECT_TYPES.join(', ')}` })
  subjectType: SubjectType;

  @IsString()
  @Length(1, 40)
  subjectId: string;

  @Type(() => Number)
  @IsInt({ message: 'formId must be a whole number' })
  formId: number;

  /** The form version compared; the latest version this subject was scored on when absent. */
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version?: number;
}
