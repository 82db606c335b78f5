import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Terminal } from '../../organisation/terminals';

/**
 * A complaint cause code (投诉原因) — the managed list behind work orders' `category`. Reports group
 * complaints by it and label them; a category that is not on the list is still counted, under its code.
 */
@Entity('complaint_cause')
export class ComplaintCause {
  /** The work-order category it labels, e.g. late_delivery. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  /** The terminal the cause usually lies with (null: any). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  terminal: Terminal | null;

  @Column({ type: 'varchar', length: 64 })
  labelZh: string;

  @Column({ type: 'varchar', length: 64 })
  labelEn: string;

  /** Retired causes stay for old reports but are no longer offered. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
