import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { Terminal } from './terminals';

/**
 * A store, logistics centre, team or manufacturer's service line that receives work orders, and its
 * directory entry (登记并更新门店、物流、厂家电话 — seed 004): the number to call, its hours and who answers for it.
 */
@Entity('terminal_unit')
export class TerminalUnit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  terminal: Terminal;

  @Column({ type: 'varchar', length: 64, nullable: true })
  city: string | null;

  /** Deliveries a logistics centre can run in a day (capacity early warning). */
  @Column({ type: 'int', nullable: true })
  dailyCapacity: number | null;

  /** The business number (shown in full: a line of the company or a manufacturer, not a person's). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** Opening hours as people say them (e.g. 09:00–21:00, 每天). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  hours: string | null;

  /** The responsible person (负责人). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contactPerson: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  notes: string | null;

  /** Who last changed the entry, and when (kept current by supervisors). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  updatedByJobNumber: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  updatedAt: Date | null;
}
