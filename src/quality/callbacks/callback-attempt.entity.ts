import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { UnreachableReason } from './callback-policy';
import { CallbackVisit } from './callback-visit.entity';

export type AttemptOutcome = 'reached' | UnreachableReason;

/** One attempt of a callback visit: the call placed (its CallSid) and how it went. Numbered 1, 2, … per visit (unique). */
@Entity('callback_attempt')
@Index('UQ_callback_attempt_visit_number', ['visitId', 'number'], { unique: true })
export class CallbackAttempt {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  visitId: number;

  @ManyToOne(() => CallbackVisit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visitId' })
  visit?: Relation<CallbackVisit>;

  @Column({ type: 'int' })
  number: number;

  /** The outbound call placed through telephony; null when dialled outside the system. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  callSid: string | null;

  /** null while the call is on; reached, or why the customer could not be reached. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: AttemptOutcome | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int' })
  byId: number;

  @Column({ type: 'varchar', length: 16 })
  byJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;
}
