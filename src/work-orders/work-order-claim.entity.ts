import { Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { BelongsToWorkOrder } from './belongs-to-work-order';

/** Who answers for the loss (落实到责任人): a store, logistics, a named person, or the manufacturer. */
export const CLAIM_PARTIES = ['store', 'logistics', 'person', 'manufacturer'] as const;
export type ClaimParty = (typeof CLAIM_PARTIES)[number];

export const CLAIM_STATUSES = ['requested', 'approved', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

const money = { to: (value: number | null) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

/** A claim (理赔申请): compensation for a loss the company caused, approved by a supervisor, then paid. */
@Entity('work_order_claim')
@Index('IDX_work_order_claim_order', ['workOrderId', 'id'])
export class WorkOrderClaim extends BelongsToWorkOrder {
  @Column({ type: 'varchar', length: 16 })
  responsibleParty: ClaimParty;

  /** The store or logistics centre that answers for it, if one. */
  @Column({ type: 'int', nullable: true })
  responsibleUnitId: number | null;

  @ManyToOne(() => TerminalUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'responsibleUnitId' })
  responsibleUnit?: Relation<TerminalUnit> | null;

  /** The named person (or manufacturer) who answers for it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  responsibleName: string | null;

  /** Yuan, two decimals. */
  @Column({ type: 'decimal', precision: 12, scale: 2, transformer: money })
  amount: number;

  @Column({ type: 'text' })
  evidence: string;

  @Column({ type: 'varchar', length: 16 })
  status: ClaimStatus;

  @Column({ type: 'int' })
  requestedById: number;

  @Column({ type: 'datetime', precision: 3 })
  requestedAt: Date;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  paidAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  paymentReference: string | null;

  @VersionColumn()
  version: number;
}
