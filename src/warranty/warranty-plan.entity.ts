import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FaultKind } from './warranty-kinds';

/**
 * A 阳光包 plan (extended warranty): which products and price band it is sold on, how long after
 * the purchase one may join, what it costs, what it covers and for how long, and how a cancellation
 * (退保) is refunded. Supervisors keep the plans; a contract copies the terms when it is sold.
 */
@Entity('warranty_plan')
@Index('UQ_warranty_plan_code', ['code'], { unique: true })
export class WarrantyPlan {
  @PrimaryGeneratedColumn()
  id: number;

  /** Short code on receipts (`YG-KT-3Y`). */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  /** 阳光包·空调三年 */
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** Product codes it is sold on; `KT*` is every code starting KT. */
  @Column({ type: 'simple-json' })
  products: string[];

  /** Lowest product price it is sold on, in fen. */
  @Column({ type: 'int' })
  minPriceFen: number;

  /** Highest product price, in fen; null: no upper bound. */
  @Column({ type: 'int', nullable: true })
  maxPriceFen: number | null;

  /** Days after the purchase one may still join. */
  @Column({ type: 'int' })
  joinWindowDays: number;

  /** What the customer pays for the plan, in fen. */
  @Column({ type: 'int' })
  priceFen: number;

  /** Faults it repairs (性能故障); appearance damage (外观) is not among them. */
  @Column({ type: 'simple-json' })
  coveredFaults: FaultKind[];

  /** Months after the purchase before cover starts: the maker's warranty comes first. */
  @Column({ type: 'int' })
  startsAfterMonths: number;

  @Column({ type: 'int' })
  termMonths: number;

  /** Days after the sale within which cancelling refunds everything. */
  @Column({ type: 'int' })
  fullRefundDays: number;

  /** Fee deducted from a later, pro-rata refund, in fen. */
  @Column({ type: 'int' })
  cancellationFeeFen: number;

  /** Still sold; contracts already sold keep their cover either way. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
