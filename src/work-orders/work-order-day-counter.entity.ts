import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last work-order number given out on a site-local day; bumped inside the creating transaction. */
@Entity('work_order_day_counter')
export class WorkOrderDayCounter {
  /** YYYYMMDD in the site's time. */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @Column({ type: 'int' })
  lastSequence: number;
}
