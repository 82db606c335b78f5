import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { Terminal } from './terminals';

/** A store, logistics centre or team that receives work orders. */
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
}
