import { Column, Entity, Index } from 'typeorm';
import { BelongsToWorkOrder } from './belongs-to-work-order';

/** A call linked to a work order (one order, many calls), by Twilio CallSid — no key into telephony's tables. */
@Entity('work_order_call')
@Index('UQ_work_order_call', ['workOrderId', 'callSid'], { unique: true })
export class WorkOrderCall extends BelongsToWorkOrder {
  @Index('IDX_work_order_call_sid')
  @Column({ type: 'varchar', length: 64 })
  callSid: string;

  @Column({ type: 'datetime', precision: 3 })
  linkedAt: Date;

  /** Staff who linked it; null when the system did. */
  @Column({ type: 'int', nullable: true })
  linkedById: number | null;
}
