import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Staff } from '../../auth/staff.entity';
import { ScorecardForm } from './scorecard-form.entity';
import type { ScorecardSection } from './scorecard-scoring';

/** One version of a form's sections and weighted items; frozen once an evaluation is scored on it. */
@Entity('scorecard_form_version')
@Index('UQ_scorecard_form_version', ['formId', 'version'], { unique: true })
export class ScorecardFormVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  formId: number;

  @ManyToOne(() => ScorecardForm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'formId' })
  form?: Relation<ScorecardForm>;

  /** 1, 2, … per form. */
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'simple-json' })
  sections: ScorecardSection[];

  @Column({ type: 'int' })
  createdById: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: Relation<Staff>;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
