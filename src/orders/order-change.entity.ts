import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderChangeKind } from './order-kinds';

/**
 * The audit of the hotline's own changes to an order's booking (改约 / 改地址 / 再配送): who, when, on
 * which call and work order, the booking before and after, and a supervisor's override of a full day.
 */
@Entity('order_change')
@Index('IDX_order_change_order', ['orderId', 'id'])
@Index('IDX_order_change_call', ['callSid'])
export class OrderChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  orderId: number;

  @Column({ type: 'int' })
  bookingId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: OrderChangeKind;

  @Column({ type: 'varchar', length: 40, nullable: true })
  callSid: string | null;

  @Column({ type: 'int', nullable: true })
  workOrderId: number | null;

  @Column({ type: 'varchar', length: 16 })
  byJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** The booking's fields before and after, JSON. */
  @Column({ type: 'text' })
  before: string;

  @Column({ type: 'text' })
  after: string;

  /** A supervisor's reason for booking a day over capacity (超产能), else null. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  overrideReason: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  overrideByJobNumber: string | null;
}
