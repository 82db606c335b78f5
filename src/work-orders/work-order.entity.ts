import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Staff } from '../auth/staff.entity';
import { Customer } from '../customers/customer.entity';
import type { Terminal } from '../organisation/terminals';
import { TerminalUnit } from '../organisation/terminal-unit.entity';

/** Where the complaint or request came in. */
export const CHANNELS = ['hotline', 'store_walk_in', 'consumer_association', 'regulator', 'media', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
// hotline 400热线 · store_walk_in 门店来访 · consumer_association 消协 · regulator 工商 · media 媒体 · web 网络

export const WORK_ORDER_TYPES = ['complaint', 'inquiry', 'service_request'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];
// complaint 投诉 · inquiry 咨询 · service_request 服务请求

export const SEVERITIES = ['normal', 'urgent', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];
// major 重大投诉: reported to management at once

/** Complaints from these channels are major complaints (重大投诉) whatever the agent chose. */
export const MAJOR_CHANNELS: readonly Channel[] = ['consumer_association', 'regulator', 'media'];

export const WORK_ORDER_STATUSES = ['new', 'assigned', 'in_progress', 'solution_proposed', 'escalated', 'reopened', 'closed'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** How the customer's acceptance of the solution was obtained: on a call (linked), by SMS reply, or in person (on site). */
export const ACCEPTANCE_METHODS = ['call', 'sms', 'in_person'] as const;
export type AcceptanceMethod = (typeof ACCEPTANCE_METHODS)[number];

/**
 * A work order (工单): a complaint, inquiry or service request held against a terminal and unit,
 * with a resolution deadline, linked calls, remarks, claims and an audit trail. It closes only when
 * the customer accepts the proposed solution (处理方案得到认可才可完结工单).
 */
@Entity('work_order')
@Index('IDX_work_order_status_terminal', ['status', 'terminal', 'id'])
@Index('IDX_work_order_customer', ['customerId', 'id'])
@Index('IDX_work_order_unit', ['unitId', 'id'])
@Index('IDX_work_order_agent', ['agentId', 'id'])
@Index('IDX_work_order_created_by', ['createdById', 'id'])
@Index('IDX_work_order_created_at', ['createdAt'])
// Hot-spot detection (爆发点) counts complaints per terminal, unit and cause from this index alone.
@Index('IDX_work_order_type_created', ['type', 'createdAt', 'terminal', 'unitId', 'category'])
@Index('IDX_work_order_open', ['closedAt', 'id', 'dueAt'])
// The inbox's tabs: an agent's open orders (followed up, or created: two ranges), a unit's by deadline.
@Index('IDX_work_order_agent_open', ['agentId', 'closedAt', 'id'])
@Index('IDX_work_order_created_by_open', ['createdById', 'closedAt', 'id'])
@Index('IDX_work_order_unit_open', ['unitId', 'closedAt', 'dueAt'])
// Quality reports count complaints by closure from this alone (covering; by creation: IDX_work_order_type_created).
@Index('IDX_work_order_quality_closed', ['type', 'closedAt', 'terminal', 'unitId', 'category', 'createdAt', 'dueAt', 'reopenCount'])
export class WorkOrder {
  @PrimaryGeneratedColumn()
  id: number;

  /** WO + the site's local day + a per-day sequence: WO20261122-000123. */
  @Index('UQ_work_order_number', { unique: true })
  @Column({ type: 'varchar', length: 24 })
  number: string;

  @Column({ type: 'varchar', length: 24 })
  channel: Channel;

  @Column({ type: 'varchar', length: 24 })
  type: WorkOrderType;

  /** Cause category (e.g. late_delivery, logistics_after_sales); SLA policies are per category. */
  @Column({ type: 'varchar', length: 32 })
  category: string;

  /** The responsible terminal (配送/物流/门店/售后/厂家/发票/会员/延保). */
  @Column({ type: 'varchar', length: 24 })
  terminal: Terminal;

  /** The store, logistics centre or team it is assigned to. */
  @Column({ type: 'int', nullable: true })
  unitId: number | null;

  @ManyToOne(() => TerminalUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Relation<TerminalUnit> | null;

  /** The person at the unit who answers for it, where known (责任人). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  responsiblePerson: string | null;

  @Column({ type: 'int' })
  customerId: number;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customerId' })
  customer?: Relation<Customer>;

  /** The number the customer called from or gave, E.164. */
  @Index('IDX_work_order_customer_phone')
  @Column({ type: 'varchar', length: 20 })
  customerPhone: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  externalOrderNumber: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  product: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 8 })
  severity: Severity;

  @Column({ type: 'varchar', length: 20 })
  status: WorkOrderStatus;

  /** Staff who created it (工号 for workload). */
  @Column({ type: 'int' })
  createdById: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: Relation<Staff>;

  /** The agent who follows it up (跟进客服); the creator if an agent. */
  @Column({ type: 'int', nullable: true })
  agentId: number | null;

  @ManyToOne(() => Staff, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agentId' })
  agent?: Relation<Staff> | null;

  @Column({ type: 'text', nullable: true })
  solution: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  solutionProposedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  solutionProposedById: number | null;

  /** The customer's acceptance of the current solution: when, how, on which call, recorded by whom. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  acceptanceMethod: AcceptanceMethod | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  acceptanceCallSid: string | null;

  @Column({ type: 'int', nullable: true })
  acceptanceRecordedById: number | null;

  /** Resolution deadline (SLA). */
  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstResponseDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstRespondedAt: Date | null;

  /**
   * When the scheduler will escalate it: the deadline while it is open and not yet escalated, null
   * otherwise. The once-only escalation is a conditional update that clears it.
   */
  @Index('IDX_work_order_escalate_at')
  @Column({ type: 'datetime', precision: 3, nullable: true })
  escalateAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  escalationReason: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  reopenCount: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** Optimistic lock: every update bumps it; a stale expectedVersion / If-Match → 409. */
  @VersionColumn()
  version: number;
}
