import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './bigint-number';

/**
 * A sales order (销售订单) as the chain's order system (ERP/OMS) knows it: the hotline keeps a read
 * model, fed by import and the OMS's pushed changes. `omsVersion` is the OMS's version (or its
 * updatedAt in ms): a change older than the stored one never overwrites it.
 */
@Entity('sales_order')
@Index('UQ_sales_order_number', ['number'], { unique: true })
// The screen pop: a caller's orders newest first, from the index alone.
@Index('IDX_sales_order_phone', ['customerPhone', 'soldAt'])
export class SalesOrder {
  @PrimaryGeneratedColumn()
  id: number;

  /** The OMS's order number (订单号). */
  @Column({ type: 'varchar', length: 32 })
  number: string;

  /** E.164, normalised as the customer file keys phones (`normalisePhone`). */
  @Column({ type: 'varchar', length: 20 })
  customerPhone: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  customerName: string | null;

  /** The store that sold it (门店): a terminal unit of type store. */
  @Column({ type: 'int' })
  storeUnitId: number;

  @Column({ type: 'datetime', precision: 3 })
  soldAt: Date;

  @Column({ type: 'bigint', transformer: bigintNumber })
  omsVersion: number;

  /** When the hotline last wrote the row (import, push or its own change). */
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
