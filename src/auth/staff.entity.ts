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

  /** A deactivated account cannot sign in, and its tokens and sockets are refused. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * Carried in every access token (`ver`); bumped by deactivation, a password change or reset and a
   * role change, so every token issued before is refused at once.
   */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
