import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;
/** pending: to be sent (or being sent, under a lease); delivered: the receiver took it; dead: out of attempts, waits for a replay. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A change the hotline owes another system (the order system, an SMS gateway), written in the same
 * transaction as the change itself, so a crash can lose neither without the other. The dispatcher
 * sends it at least once; the receiver drops repeats by `idempotencyKey`.
 */
@Entity('outbox_message')
@Index('IDX_outbox_message_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_message_key', ['aggregateKey', 'status'])
// The retention job: delivered messages, oldest first.
@Index('IDX_outbox_message_delivered', ['status', 'deliveredAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  /** What happened, dotted: `order.delivery.rescheduled`, `sms.send`. Handlers are chosen by its longest registered prefix. */
  @Column({ type: 'varchar', length: 100 })
  topic: string;

  /** What it happened to (an order number, a phone): messages with one key are sent in order, one at a time. */
  @Column({ type: 'varchar', length: 100 })
  aggregateKey: string;

  /** Sent as `Idempotency-Key`; unique, so enqueuing one change twice fails the second transaction. */
  @Index('UQ_outbox_message_idempotency_key', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  idempotencyKey: string;

  /** The message body (JSON). */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  /** Attempts made so far (failed ones, and the one that delivered). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not sent before this instant: the retry's backoff, or the lease of the process that claimed it. */
  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  /** The claim of the process sending it now; only that claim may record the outcome. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  /** Why the last attempt failed. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;
}
