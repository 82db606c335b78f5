import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const STAFF_AUDIT_ACTIONS = ['create', 'deactivate', 'reactivate', 'reset-password', 'change-password', 'change-roles'] as const;
export type StaffAuditAction = (typeof STAFF_AUDIT_ACTIONS)[number];

/**
 * The audit of staff accounts: who changed whose account, what, when. Job numbers, not foreign
 * keys, so an entry outlives anything it names. Never holds a password or its hash.
 */
@Entity('staff_audit')
@Index('IDX_staff_audit_subject', ['subjectJobNumber', 'id'])
@Index('IDX_staff_audit_at', ['at'])
export class StaffAudit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  action: StaffAuditAction;

  /** Whose account. */
  @Column({ type: 'varchar', length: 16 })
  subjectJobNumber: string;

  /** Who did it (the subject themselves for a password change). */
  @Column({ type: 'varchar', length: 16 })
  actorJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'simple-json', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;
}
