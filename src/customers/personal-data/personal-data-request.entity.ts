import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PERSONAL_DATA_ACTIONS = ['export', 'erasure', 'retention'] as const;
export type PersonalDataAction = (typeof PERSONAL_DATA_ACTIONS)[number];

/**
 * The audit of requests about a customer's personal data (PIPL): who exported or erased whose data,
 * when and why, and what was touched (counts only). No foreign key and no personal data of its own,
 * so it outlives the erasure it records.
 */
@Entity('personal_data_request')
@Index('IDX_personal_data_request_customer', ['customerId', 'id'])
@Index('IDX_personal_data_request_at', ['at'])
export class PersonalDataRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  customerId: number;

  /** export and erasure on request (admin); retention: erased by the retention sweep. */
  @Column({ type: 'varchar', length: 16 })
  action: PersonalDataAction;

  /** Who asked for it; `system` for the retention sweep. */
  @Column({ type: 'varchar', length: 16 })
  actorJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** What was exported or erased: counts of work orders, calls, recordings, attachments, phone numbers. */
  @Column({ type: 'simple-json', nullable: true })
  summary: Record<string, number> | null;
}
