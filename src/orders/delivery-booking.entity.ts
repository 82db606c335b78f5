import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BookingKind, StoredBookingStatus } from './order-kinds';

/**
 * A delivery (配送) or installation (安装) booking of an order: the centre that runs it (a terminal unit
 * of type logistics 物流 or dispatch 配送), the site day and time window (预约时段), its status, the
 * installer (安装师傅) and the address (顾客地址). Capacity of a centre's day and window is counted from
 * these rows.
 */
@Entity('delivery_booking')
@Index('UQ_delivery_booking_reference', ['reference'], { unique: true })
@Index('IDX_delivery_booking_order', ['orderId'])
// Capacity: bookings per centre, day and window, counted from the index alone.
@Index('IDX_delivery_booking_centre_day', ['centreUnitId', 'day', 'timeWindow', 'status'])
export class DeliveryBooking {
  @PrimaryGeneratedColumn()
  id: number;

  /** The OMS's booking number (预约单号). */
  @Column({ type: 'varchar', length: 32 })
  reference: string;

  /** `SalesOrder.id`. */
  @Column({ type: 'int' })
  orderId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: BookingKind;

  /** The logistics centre or dispatch team (terminal unit). */
  @Column({ type: 'int' })
  centreUnitId: number;

  /** Site day, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  /** `HH:MM-HH:MM`. */
  @Column({ type: 'varchar', length: 11 })
  timeWindow: string;

  @Column({ type: 'varchar', length: 16 })
  status: StoredBookingStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  installer: string | null;

  @Column({ type: 'varchar', length: 255 })
  address: string;

  /** Bumped by each of the hotline's own changes (optimistic concurrency between two agents). */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
