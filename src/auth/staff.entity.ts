import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { Role } from './role';

/** A member of staff who signs in with a job number (工号). */
@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn()
  id: number;

  /** 工号 — also the basis of workload and piece-rate figures. */
  @Column({ type: 'varchar', length: 16, unique: true })
  jobNumber: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'simple-array' })
  roles: Role[];

  /** scrypt hash (see PasswordHasher); never selected unless asked for. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** Terminal staff belong to one unit (store, logistics centre, team) and see its work orders. */
  @Column({ type: 'int', nullable: true })
  unitId: number | null;

  @ManyToOne(() => TerminalUnit, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'unitId' })
  unit?: Relation<TerminalUnit> | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
