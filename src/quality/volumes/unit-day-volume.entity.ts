import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';

/**
 * A terminal unit's imported volumes for one site day: booked deliveries (预约配送, logistics centres and
 * dispatch teams) and sales (销售, stores), plus the day's capacity (作业能力) where it differs from the
 * unit's `dailyCapacity`. Complaint rates per 1 000 deliveries or sales divide by these; the capacity
 * early warning compares bookings with capacity.
 */
@Entity('unit_day_volume')
@Index('UQ_unit_day_volume_unit_day', ['unitId', 'day'], { unique: true })
@Index('IDX_unit_day_volume_day', ['day'])
export class UnitDayVolume {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  unitId: number;

  @ManyToOne(() => TerminalUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unitId' })
  unit?: Relation<TerminalUnit>;

  /** Site day, YYYY-MM-DD (cut at the midnight of SITE_UTC_OFFSET_MINUTES). */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  /** Deliveries booked for the day (预约配送); null when not imported. */
  @Column({ type: 'int', nullable: true })
  bookedDeliveries: number | null;

  /** Sales on the day (销售, count of sales); null when not imported. */
  @Column({ type: 'int', nullable: true })
  sales: number | null;

  /** Capacity override for the day; null → the unit's dailyCapacity. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
