import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Twilio retries and repeats webhooks: each (call, event) is handled once, and a repeat gets the
 * answer the first one got.
 */
@Entity('twilio_webhook_receipt')
@Index('UQ_twilio_webhook_receipt_event', ['callSid', 'eventKey'], { unique: true })
export class WebhookReceipt {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  callSid: string;

  @Column({ type: 'varchar', length: 128 })
  eventKey: string;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'text', nullable: true })
  response: string | null;
}
