import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Staff } from '../../auth/staff.entity';
import type { SubjectType } from './scorecard-scoring';

/**
 * A QA form (质检评分表). Its sections and items live in versions: editing a form that has
 * evaluations makes a new version, so old evaluations keep the version they were scored on.
 */
@Entity('scorecard_form')
export class ScorecardForm {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** call and/or work_order. */
  @Column({ type: 'simple-array' })
  subjectTypes: SubjectType[];

  /** The version new evaluations are scored on. */
  @Column({ type: 'int' })
  currentVersion: number;

  /** Retired forms are kept (with their evaluations) but take no new evaluations or edits. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  retiredAt: Date | null;

  @Column({ type: 'int' })
  createdById: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: Relation<Staff>;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
