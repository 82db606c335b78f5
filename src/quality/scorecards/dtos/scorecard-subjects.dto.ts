import { IsIn, Matches } from 'class-validator';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { Optional } from '../../../http/validation';
import { SUBJECT_TYPES, SubjectType } from '../scorecard-scoring';

export class ScorecardSubjectsQuery extends CursorPageQuery {
  /** call: calls an agent talked on; work_order: work orders agents created. */
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of: ${SUBJECT_TYPES.join(', ')}` })
  subjectType: SubjectType;

  /** Only this agent's (job number). */
  @Optional()
  @Matches(/^[A-Za-z0-9]{1,16}$/, { message: 'agent must be 1–16 letters or digits' })
  agent?: string;
}
