import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CallDisposition } from './call-dispositions';

export const CALL_OUTCOMES = ['answered', 'abandoned', 'callback', 'voicemail', 'after-hours', 'overflowed', 'failed'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
/** `callback`: the caller hung up after asking to be called back; the engine keeps their place. */
export const CALL_STATUSES = ['ringing', 'ivr', 'queued', 'offered', 'connected', 'held', 'callback', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** inbound · outbound-callback 回电 · outbound-visit 回访 · outbound-agent 外呼 (click-to-call). */
export const CALL_DIRECTIONS = ['inbound', 'outbound-callback', 'outbound-visit', 'outbound-agent'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** One call to (or callback from) the hotline: its whole life from arrival to hang-up (通话记录). */
@Entity('call_record')
@Index('IDX_call_record_arrived', ['arrivedAt'])
@Index('IDX_call_record_queue_arrived', ['queueCode', 'arrivedAt'])
@Index('IDX_call_record_agent_arrived', ['agentJobNumber', 'arrivedAt'])
@Index('IDX_call_record_from', ['fromNumber'])
export class CallRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40, unique: true })
  callSid: string;

  /** inbound, outbound-callback (回电) placed for a caller who asked for one, outbound-visit (回访) after a work order closed, or outbound-agent (an agent's click-to-call). */
  @Column({ type: 'varchar', length: 24 })
  direction: CallDirection;

  @Column({ type: 'varchar', length: 32 })
  fromNumber: string;

  @Column({ type: 'varchar', length: 32 })
  toNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  arrivedAt: Date;

  /** First answer, by an agent or by the IVR greeting — within three rings of arrival. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  answeredBy: 'ivr' | 'agent' | null;

  /** When an agent was connected (may be after the IVR answered). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  connectedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  agentJobNumber: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  queueCode: string | null;

  @Column({ type: 'int', default: 0 })
  priority: number;

  @Column({ type: 'varchar', length: 16 })
  status: CallStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: CallOutcome | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;

  /** Seconds spent waiting in a queue (to an agent, a callback, or hanging up). */
  @Column({ type: 'int', nullable: true })
  waitSeconds: number | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  recordingUrl: string | null;

  /** Bumped on each transfer: the routing engine sees each leg of the call as its own call. */
  @Column({ type: 'int', default: 0 })
  segment: number;

  /**
   * The conference room the call was moved into when its agent answered (as Twilio Flex does: caller
   * and agent are participants of one conference per call, named from the call); null before that.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  conferenceName: string | null;

  /** The call this callback was placed for. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  originCallSid: string | null;

  /** The agent's wrap-up disposition (小结): what the call was and how it ended, with a note. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  dispositionCode: CallDisposition | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  dispositionNote: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  dispositionAt: Date | null;
}
