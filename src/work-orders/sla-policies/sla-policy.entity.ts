import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A category's service levels, overriding the defaults (72 h resolution; seed 000's logistics after-sales: 5 min / 48 h). */
@Entity('sla_policy')
export class SlaPolicy {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: string;

  /** First reply to the customer within this many minutes (null: no first-response target). */
  @Column({ type: 'int', nullable: true })
  firstResponseMinutes: number | null;

  @Column({ type: 'int' })
  resolutionMinutes: number;

  /** Count only the site's business hours (SLA_BUSINESS_HOURS / SLA_BUSINESS_DAYS) instead of the clock. */
  @Column({ type: 'boolean', default: false })
  businessHoursOnly: boolean;
}
