import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What happens to a connected call — hold (保持), resume, consult (咨询), transfer (转接), three-way
 * (三方通话), the agent leaving, a supervisor listening, whispering or barging in. Events of the call,
 * never offers: the call's offers (call_offer) and answer stay one each.
 */
export const CALL_EVENT_TYPES = [
  'hold',
  'resume',
  'consult',
  'consult-cancelled',
  'transfer-completed',
  'three-way',
  'agent-left',
  'monitor-listen',
  'monitor-whisper',
  'monitor-barge',
] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

@Entity('call_event')
@Index('IDX_call_event_call', ['callSid', 'at'])
export class CallEventRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  callSid: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 24 })
  type: CallEventType;

  /** Job number (工号) of whoever did it (the agent, a supervisor). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  byJobNumber: string | null;

  /** Who was brought in: a colleague's job number or the number called (a store, logistics centre, manufacturer). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  target: string | null;
}
