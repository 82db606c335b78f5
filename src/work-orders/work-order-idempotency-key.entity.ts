import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An `Idempotency-Key` a staff member created a work order with, and the answer they got: a retry
 * with the same key and body gets that answer again instead of a second order. Written in the
 * creation's transaction; the unique key lets only one of two concurrent duplicates commit. Kept
 * for a day (`IDEMPOTENCY_KEY_TTL_MS`), then swept.
 */
@Entity('work_order_idempotency_key')
@Index('UQ_work_order_idempotency_key', ['staffId', 'idempotencyKey'], { unique: true })
export class WorkOrderIdempotencyKey {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  staffId: number;

  /** As the client sent it: 1–255 visible ASCII characters (a UUID, typically). */
  @Column({ type: 'varchar', length: 255 })
  idempotencyKey: string;

  /** SHA-256 (hex) of the validated request body, fields in name order. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'int' })
  workOrderId: number;

  /** The first answer's body (JSON), given again to every retry. */
  @Column({ type: 'text' })
  response: string;

  @Index('IDX_work_order_idempotency_key_created')
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
