import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { sqlDialect } from '../database/sql-dialect';
import { TransactionRunner } from '../database/transaction-runner';
import { AcceptanceDto, AssignWorkOrderDto, EscalateDto, NoteDto, ProposeSolutionDto, ReopenDto, UpdateWorkOrderDto } from './dtos/work-order.dto';
import { allowedActionsFor, closeRefusal, stepOf, IllegalTransitionError, nextStatus, WorkOrderAction } from './lifecycle';
import { slaDeadlines } from './sla-policies/sla';
import { SlaPolicyService } from './sla-policies/sla-policy.service';
import { WorkOrderCall } from './work-order-call.entity';
import { changedEvent, WorkOrderEvent } from './work-order-events.service';
import { NotificationDraft, WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrderView } from './work-order-view';
import { WorkOrder } from './work-order.entity';
import { WorkOrdersService } from './work-orders.service';
import { DomainError } from '../http/errors/domain-error';

/** What one action does to an order: the changed fields, a note for the audit trail, notifications to send. */
interface Mutation {
  action: string;
  changes: Partial<WorkOrder>;
  note?: string | null;
  notify?: NotificationDraft[];
  /** Extra rows written in the same transaction (e.g. a call link). */
  also?: (tx: EntityManager) => Promise<void>;
  /** Events to publish after the commit, besides the notifications'. */
  events?: WorkOrderEvent[];
}

/** The lifecycle of a work order (工单): the actions of `lifecycle.ts`, each one versioned write with its audit entry and notifications. */
@Injectable()
export class WorkOrderLifecycleService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
    private readonly slaPolicies: SlaPolicyService,
    private readonly notifications: WorkOrderNotificationsService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async assign(number: string, input: AssignWorkOrderDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    const unit = await this.workOrders.unitOrThrow(input.unitCode, 'unitCode');
    let agentId: number | undefined;
    if (input.agentJobNumber !== undefined) {
      if (!principal.roles.includes('supervisor'))
        throw new DomainError('work_order.agent_change_forbidden', {}, 'Only a supervisor may change the following-up agent');
      const agent = await this.db.getRepository(Staff).findOneBy({ jobNumber: input.agentJobNumber });
      if (!agent || !agent.roles.includes('agent'))
        throw new DomainError(
          'staff.not_agent',
          { field: 'agentJobNumber', jobNumber: input.agentJobNumber },
          `agentJobNumber ${input.agentJobNumber} is not an agent`,
        );
      agentId = agent.id;
    }
    return this.mutate(number, principal, input.expectedVersion, (order) => ({
      action: 'assign',
      changes: {
        status: transition(order, 'assign'),
        unitId: unit.id,
        terminal: unit.terminal,
        responsiblePerson: input.responsiblePerson ?? null,
        ...(agentId === undefined ? {} : { agentId }),
      },
      note: input.note ?? null,
    }));
  }

  start(number: string, input: NoteDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order) => ({
      action: 'start',
      changes: { status: transition(order, 'start') },
      note: input.note ?? null,
    }));
  }

  proposeSolution(number: string, input: ProposeSolutionDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order, now) => ({
      action: 'propose-solution',
      changes: {
        status: transition(order, 'propose-solution'),
        solution: input.solution,
        solutionProposedAt: now,
        solutionProposedById: principal.staffId,
        ...clearedAcceptance(),
      },
    }));
  }

  /** The customer's answer to the proposed solution, and how it was obtained (on a call — linked — or in person). */
  recordAcceptance(number: string, input: AcceptanceDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order, now) => {
      const how = input.method === 'call' ? `on call ${input.callSid}` : input.method === 'sms' ? 'by SMS' : 'in person';
      const linkCall = async (tx: EntityManager) => {
        if (input.callSid && !(await tx.existsBy(WorkOrderCall, { workOrderId: order.id, callSid: input.callSid }))) {
          await tx.insert(WorkOrderCall, { workOrderId: order.id, callSid: input.callSid, linkedAt: now, linkedById: principal.staffId });
        }
      };
      if (input.accepted) {
        return {
          action: 'accept',
          changes: {
            status: transition(order, 'accept'),
            acceptedAt: now,
            acceptanceMethod: input.method,
            acceptanceCallSid: input.callSid ?? null,
            acceptanceRecordedById: principal.staffId,
          },
          note: [`customer accepted ${how}`, input.note].filter(Boolean).join(': '),
          also: linkCall,
        };
      }
      return {
        action: 'reject',
        changes: { status: transition(order, 'reject'), reopenCount: order.reopenCount + 1, ...clearedAcceptance() },
        note: [`customer rejected the solution ${how}`, input.note].filter(Boolean).join(': '),
        also: linkCall,
      };
    });
  }

  close(number: string, input: NoteDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order, now) => {
      const status = transition(order, 'close');
      const refusal = closeRefusal(order);
      if (refusal)
        throw new DomainError('work_order.not_accepted', { number: order.number, status: order.status }, refusal, {
          currentStatus: order.status,
          allowedActions: allowedActionsFor(order),
        });
      return {
        action: 'close',
        changes: { status, closedAt: now, escalateAt: null },
        note: input.note ?? null,
        events: [{ type: 'closed', workOrderNumber: order.number, workOrderId: order.id, at: now }],
      };
    });
  }

  /**
   * Reopen: the customer rejects the solution, or a callback (回访) finds the problem unsolved. A closed order gets a fresh deadline.
   * `also` writes the caller's own rows in the same transaction (the callback visit's result): both commit, or neither.
   */
  reopen(number: string, input: ReopenDto, principal: StaffPrincipal, also?: (tx: EntityManager) => Promise<void>): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order, now, tx) => {
      const status = transition(order, 'reopen');
      const sla: Partial<WorkOrder> = {};
      if (order.status === 'closed') {
        const rule = await this.slaPolicies.ruleFor(order.category, tx);
        const { dueAt } = slaDeadlines(now, rule, this.slaPolicies.calendar);
        Object.assign(sla, { dueAt, escalateAt: dueAt, closedAt: null });
      }
      return {
        action: 'reopen',
        changes: { status, reopenCount: order.reopenCount + 1, ...clearedAcceptance(), ...sla },
        note: [input.reason, input.note].filter(Boolean).join(': '),
        also,
      };
    });
  }

  escalate(number: string, input: EscalateDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order, now) => ({
      action: 'escalate',
      changes: { status: transition(order, 'escalate'), ...escalation(now, 'manual') },
      note: input.note,
      notify: [{ type: 'escalated', audience: 'supervisor', reason: 'manual' }],
    }));
  }

  /** 无法处理: the handler declares it cannot be handled — escalated to the supervisor at once. */
  cannotHandle(number: string, input: EscalateDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order, now) => ({
      action: 'cannot-handle',
      changes: { status: transition(order, 'cannot-handle'), ...escalation(now, 'cannot-handle') },
      note: input.note,
      notify: [{ type: 'escalated', audience: 'supervisor', reason: 'cannot-handle' }],
    }));
  }

  update(number: string, input: UpdateWorkOrderDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, (order) => {
      if (order.status === 'closed')
        throw new DomainError('work_order.closed', { number }, `Work order ${number} is closed; reopen it before editing`, {
          currentStatus: 'closed',
          allowedActions: ['reopen'],
        });
      const { expectedVersion: _v, ...fields } = input;
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<WorkOrder>;
      if (Object.keys(changes).length === 0) throw new DomainError('work_order.nothing_to_update', {}, 'Nothing to update: give at least one field');
      const becomesMajor = changes.severity === 'major' && order.severity !== 'major';
      const textChanged = changes.description !== undefined || changes.product !== undefined || changes.externalOrderNumber !== undefined;
      return {
        action: 'update',
        changes,
        notify: becomesMajor ? [{ type: 'major-complaint', audience: 'management', reason: 'severity' }] : [],
        also: textChanged ? (tx) => this.workOrders.reindex(tx, { ...order, ...changes }) : undefined,
      };
    });
  }

  /**
   * One action on one order, in one transaction: load, check scope and version, apply, write with
   * `WHERE version = <read version>` (a concurrent writer makes it touch no row → 409, never a lost
   * update), audit, notify; events are published after the commit.
   */
  private async mutate(
    number: string,
    principal: StaffPrincipal,
    expectedVersion: number | undefined,
    work: (order: WorkOrder, now: Date, tx: EntityManager) => Mutation | Promise<Mutation>,
  ): Promise<WorkOrderView> {
    const events = await this.tx.run(async (tx) => {
      const order = await this.workOrders.findVisible(tx, number, principal);
      if (expectedVersion !== undefined && expectedVersion !== order.version) throw stale(number, expectedVersion, order.version);
      const now = new Date(this.clock.now());
      const mutation = await work(order, now, tx);
      const changes: Partial<WorkOrder> = { ...mutation.changes, updatedAt: now };
      if (!order.firstRespondedAt) changes.firstRespondedAt = now;
      const result = await tx
        .createQueryBuilder()
        .update(WorkOrder)
        .set(changes)
        .where('id = :id AND version = :version', { id: order.id, version: order.version })
        .execute();
      if (result.affected !== 1) {
        // A current read (MariaDB's snapshot would still show the version this transaction started with).
        const lock = sqlDialect(this.db) === 'mysql' ? ' FOR UPDATE' : '';
        const rows: { version: number }[] = await tx.query(`SELECT version FROM work_order WHERE id = ?${lock}`, [order.id]);
        throw stale(number, expectedVersion ?? order.version, Number(rows[0]?.version ?? order.version + 1));
      }
      const keys = Object.keys(mutation.changes) as (keyof WorkOrder)[];
      await this.workOrders.audit(tx, order.id, mutation.action, principal, now, pick(order, keys), pick(mutation.changes, keys), mutation.note ?? null);
      if (mutation.also) await mutation.also(tx);
      const out: WorkOrderEvent[] = [];
      for (const draft of mutation.notify ?? []) out.push(await this.notifications.record(tx, order, draft, now));
      out.push(...(mutation.events ?? []), changedEvent({ ...order, ...mutation.changes }, mutation.action, now));
      return out;
    });
    this.notifications.publish(events);
    return this.workOrders.get(number, principal);
  }
}

function transition(order: WorkOrder, action: WorkOrderAction) {
  try {
    return nextStatus(order.status, action);
  } catch (error) {
    if (error instanceof IllegalTransitionError) {
      throw new DomainError(
        'work_order.not_allowed',
        { number: order.number, action: stepOf(action), status: error.current },
        `Work order ${order.number}: ${error.message}`,
        { currentStatus: error.current, allowedActions: allowedActionsFor(order) },
      );
    }
    throw error;
  }
}

function stale(number: string, expected: number, current: number): DomainError {
  return new DomainError(
    'work_order.stale',
    { number, expectedVersion: expected, currentVersion: current },
    `Work order ${number} has changed since version ${expected} (it is now version ${current}); reload it and try again`,
    { currentVersion: current },
  );
}

function clearedAcceptance(): Partial<WorkOrder> {
  return { acceptedAt: null, acceptanceMethod: null, acceptanceCallSid: null, acceptanceRecordedById: null };
}

export function escalation(now: Date, reason: string): Partial<WorkOrder> {
  return { escalatedAt: now, escalationReason: reason, escalateAt: null };
}

function pick(source: Partial<WorkOrder>, keys: (keyof WorkOrder)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, source[k] ?? null]));
}
