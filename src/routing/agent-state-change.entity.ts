import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change of an agent's state as the routing engine made it (ready, reserved, on-call, wrap-up,
 * not-ready with its reason, offline) — by the agent, a supervisor, or the engine itself (missed call).
 * The log behind not-ready time by reason in the agent KPIs.
 */
@Entity('agent_state_change')
@Index('IDX_agent_state_change_job_at', ['jobNumber', 'at'])
@Index('IDX_agent_state_change_at', ['at'])
export class AgentStateChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  jobNumber: string;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  /** For not-ready: break, meal, training, missed-call, login, other… */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
