import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How an opt-out (or opt-back-in) was recorded. */
export type OptOutSource = 'sms-reply' | 'agent' | 'api' | 'carrier';

/** A customer's number that wants no SMS (回复TD退订), or wanted none and opted back in. */
@Entity('sms_opt_out')
export class SmsOptOut {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'boolean' })
  optedOut: boolean;

  @Column({ type: 'varchar', length: 12 })
  source: OptOutSource;

  @Column({ type: 'datetime', precision: 3 })
  changedAt: Date;

  /** The staff member who set it, for `agent` and `api`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  changedByJobNumber: string | null;
}
