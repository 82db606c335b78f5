import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Staff } from '../../auth/staff.entity';
import { ScorecardFormVersion } from './scorecard-form-version.entity';
import type { ScoredItem, SubjectType } from './scorecard-scoring';

/**
 * A quality monitor's scoring of one call or work order on one form version (质检评分). The
 * evaluated agent's job number (工号) is taken from the subject and stored. One per monitor, subject
 * and form version; two monitors on the same subject and version make a calibration session.
 */
@Entity('scorecard_evaluation')
@Index('UQ_scorecard_evaluation_monitor', ['formVersionId', 'subjectType', 'subjectId', 'monitorId'], { unique: true })
@Index('IDX_scorecard_evaluation_subject', ['subjectType', 'subjectId'])
@Index('IDX_scorecard_evaluation_agent', ['agentJobNumber', 'evaluatedAt'])
@Index('IDX_scorecard_evaluation_evaluated', ['evaluatedAt'])
export class ScorecardEvaluation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  formId: number;

  @Column({ type: 'int' })
  formVersionId: number;

  @ManyToOne(() => ScorecardFormVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'formVersionId' })
  formVersion?: Relation<ScorecardFormVersion>;

  /** The version number (denormalised from the form version, for lists). */
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  subjectType: SubjectType;

  /** The CallSid or the work-order number. */
  @Column({ type: 'varchar', length: 40 })
  subjectId: string;

  /** The agent evaluated: the call's agent, or the work order's creator. */
  @Column({ type: 'varchar', length: 16 })
  agentJobNumber: string;

  @Column({ type: 'int' })
  monitorId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'monitorId' })
  monitor?: Relation<Staff>;

  @Column({ type: 'varchar', length: 16 })
  monitorJobNumber: string;

  /** Every item of the version with its points (and comment). */
  @Column({ type: 'simple-json' })
  scores: ScoredItem[];

  /** Weighted total %, 0 when a critical item failed. */
  @Column({ type: 'double' })
  scorePct: number;

  @Column({ type: 'boolean' })
  criticalFailed: boolean;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'datetime', precision: 3 })
  evaluatedAt: Date;
}
