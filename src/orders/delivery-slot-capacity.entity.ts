import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * How many bookings a centre can run in one time window (时段产能): the row with `day` null is every
 * day's figure, a row with a day overrides it for that day. What is left is these slots minus the
 * bookings counted from `delivery_booking`.
 */
@Entity('delivery_slot_capacity')
@Index('IDX_delivery_slot_capacity_centre', ['centreUnitId', 'timeWindow', 'day'])
export class DeliverySlotCapacity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  centreUnitId: number;

  @Column({ type: 'varchar', length: 11 })
  timeWindow: string;

  /** YYYY-MM-DD, or null for every day. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  day: string | null;

  @Column({ type: 'int' })
  slots: number;
}
