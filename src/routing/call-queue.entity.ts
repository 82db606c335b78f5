import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Skill } from './skill.entity';

export const QUEUE_STRATEGIES = ['longest-idle', 'fewest-calls', 'least-talk-time', 'round-robin', 'skill-tiers', 'ring-all'] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];

/** A queue of waiting callers for one business line (complaints 投诉, orders 订单/配送, …). */
@Entity('call_queue')
export class CallQueue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** The IVR key that leads here (0–9), if any. */
  @Column({ type: 'varchar', length: 1, nullable: true })
  menuKey: string | null;

  @Column({ type: 'int' })
  skillId: number;

  @ManyToOne(() => Skill, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'skillId' })
  skill?: Relation<Skill>;

  @Column({ type: 'varchar', length: 24, default: 'longest-idle' })
  strategy: QueueStrategy;

  @Column({ type: 'int', default: 30 })
  wrapUpSeconds: number;

  @Column({ type: 'int', default: 600 })
  maxWaitSeconds: number;

  @Column({ type: 'int', nullable: true })
  overflowQueueId: number | null;

  @Column({ type: 'int', nullable: true })
  overflowAfterSeconds: number | null;

  /** Calls answered within this many seconds count as within service level. */
  @Column({ type: 'int', default: 20 })
  serviceLevelSeconds: number;

  @Column({ type: 'boolean', default: true })
  joinWhenNoAgents: boolean;

  /** Record the caller–agent conversation (both channels) for quality checks. */
  @Column({ type: 'boolean', default: false })
  recordCalls: boolean;
}
