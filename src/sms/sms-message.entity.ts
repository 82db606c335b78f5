import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Why a message was sent: one template each, and `reply` for what a customer sent us. */
export const SMS_KINDS = ['work_order_created', 'solution_proposed', 'work_order_closed', 'callback_invitation', 'delivery_changed', 'reply'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * Where a message is: `pending` waits for its (next) send — the first, a retry, or one the rate
 * limit deferred —; `queued` … `undelivered` are Twilio's Message statuses; `suppressed` was never
 * sent (the customer opted out); `received` is a customer's reply.
 */
export const SMS_STATUSES = ['pending', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'received'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/**
 * One SMS to (or from) a customer, as the work order's and the customer's timelines show it. It is
 * also its own outbox row: written before it is sent, then sent, retried and called back on.
 */
@Entity('sms_message')
@Index('IDX_sms_message_phone', ['phone', 'id'])
@Index('IDX_sms_message_work_order', ['workOrderId', 'id'])
@Index('IDX_sms_message_due', ['status', 'nextAttemptAt'])
export class SmsMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 8 })
  direction: 'outbound' | 'inbound';

  @Column({ type: 'varchar', length: 24 })
  kind: SmsKind;

  /** The customer's number, E.164. */
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'int', nullable: true })
  customerId: number | null;

  @Column({ type: 'int', nullable: true })
  workOrderId: number | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  workOrderNumber: string | null;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 12 })
  status: SmsStatus;

  /** The Twilio Message SID of the latest attempt (SM…). */
  @Index('UQ_sms_message_sid', { unique: true })
  @Column({ type: 'varchar', length: 34, nullable: true })
  sid: string | null;

  /** Twilio's error code of the latest failure (21xxx refused, 30xxx not delivered). */
  @Column({ type: 'int', nullable: true })
  errorCode: number | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When a `pending` message is next sent. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** One message per cause (e.g. `work_order_created:WO20261206-000001`): a repeated event sends nothing twice. */
  @Index('UQ_sms_message_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 96, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
