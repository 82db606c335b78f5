import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ContractStatus } from './warranty-kinds';
import type { ContractTerms } from './warranty-rules';

/**
 * A 阳光包 contract: one plan sold on one order line. It keeps its own copy of the line (order
 * number, line no, product, price, purchase day) — checked against the order system's line when the
 * read model has it, and enough alone when it does not (an order older than the import) — and the
 * plan's terms as they were on the day of the sale.
 */
@Entity('warranty_contract')
@Index('UQ_warranty_contract_number', ['number'], { unique: true })
@Index('UQ_warranty_contract_order_line', ['orderNumber', 'lineNo'], { unique: true })
@Index('IDX_warranty_contract_phone', ['customerPhone'])
export class WarrantyContract {
  @PrimaryGeneratedColumn()
  id: number;

  /** YB + order number + line (`YB SO20261120001-1`, without the space). */
  @Column({ type: 'varchar', length: 48 })
  number: string;

  @Column({ type: 'int' })
  planId: number;

  @Column({ type: 'varchar', length: 32 })
  planCode: string;

  @Column({ type: 'varchar', length: 64 })
  planName: string;

  /** `SalesOrderLine.id` when the read model has the line; null for a line known only from this copy. */
  @Column({ type: 'int', nullable: true })
  orderLineId: number | null;

  @Column({ type: 'varchar', length: 32 })
  orderNumber: string;

  @Column({ type: 'int' })
  lineNo: number;

  @Column({ type: 'varchar', length: 32 })
  productCode: string;

  @Column({ type: 'varchar', length: 128 })
  productName: string;

  /** The product's unit price, in fen. */
  @Column({ type: 'int' })
  productPriceFen: number;

  /** Site day of the purchase. */
  @Column({ type: 'varchar', length: 10 })
  purchasedOn: string;

  /** E.164. */
  @Column({ type: 'varchar', length: 20 })
  customerPhone: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  customerName: string | null;

  /** What the customer paid for the plan, in fen. */
  @Column({ type: 'int' })
  paidFen: number;

  @Column({ type: 'simple-json' })
  terms: ContractTerms;

  @Column({ type: 'varchar', length: 10 })
  soldOn: string;

  /** First and last site day of cover. */
  @Column({ type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn: string;

  @Column({ type: 'varchar', length: 16 })
  status: ContractStatus;

  @Column({ type: 'int' })
  soldById: number;

  @Column({ type: 'datetime', precision: 3 })
  soldAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'int', nullable: true })
  cancelledById: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cancelReason: string | null;

  /** Refunded on cancellation (退保), in fen. */
  @Column({ type: 'int', nullable: true })
  refundFen: number | null;
}
