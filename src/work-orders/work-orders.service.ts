import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { siteDay } from '../clock/site-day';
import { Customer } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { maskPhone, masksPhonesFor } from '../customers/phone-masking';
import { PhoneViewsService } from '../customers/phone-views.service';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { normalisePhone } from '../customers/phone-number';
import { GroupCommit } from '../database/group-commit';
import { insertRows } from '../database/insert-rows';
import { sqlPlaceholders } from '../database/sql-placeholders';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { MetricsRegistry } from '../metrics/metrics';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { WORK_ORDER_CLOCK, WorkOrderClock } from './clock';
import { IdempotencyKeysService, IdempotentRequest } from './idempotency-keys.service';
import {
  AcceptanceDto, AssignWorkOrderDto, CreateWorkOrderDto, EscalateDto, ListWorkOrdersQuery, NoteDto, ProposeSolutionDto, RemarkDto, ReopenDto,
  UpdateWorkOrderDto,
} from './dtos/work-order.dto';
import { allowedActions, closeRefusal, IllegalTransitionError, nextStatus, WorkOrderAction } from './lifecycle';
import { slaDeadlines } from './sla';
import { SlaPolicyService } from './sla-policy.service';
import { applyScope, inScope, seesAll } from './work-order-access';
import { WorkOrderAudit } from './work-order-audit.entity';
import { WorkOrderCall } from './work-order-call.entity';
import { WorkOrderEvent } from './work-order-events.service';
import { NotificationDraft, WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrderRemark } from './work-order-remark.entity';
import { formatNumber, RemarkView, remarkView, workOrderView, WorkOrderView } from './work-order-view';
import { MAJOR_CHANNELS, Severity, WorkOrder } from './work-order.entity';

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

/** A creation waiting for its transaction: the request, checked and normalised. */
interface CreationRequest {
  input: CreateWorkOrderDto;
  principal: StaffPrincipal;
  phone: string;
  unit: TerminalUnit | null;
  severity: Severity;
  /** The client's `Idempotency-Key`, written with the order. */
  idempotency: IdempotentRequest | null;
}

/** What a creation wrote, for its answer and the events published after the commit. */
interface Creation {
  view: WorkOrderView;
  events: WorkOrderEvent[];
}

/** A creation's answer; `replayed` when it is the first answer to a repeated `Idempotency-Key`. */
export interface CreationAnswer {
  view: WorkOrderView;
  replayed: boolean;
}

interface AuditEntry {
  workOrderId: number;
  action: string;
  actor: StaffPrincipal | null;
  at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
}

export interface CallLinkResult {
  workOrderNumber: string;
  callSid: string;
  linkedAt: Date;
  alreadyLinked: boolean;
}

export interface WorkOrderForCall {
  number: string;
  status: WorkOrder['status'];
  type: WorkOrder['type'];
  category: string;
  severity: Severity;
  customerPhone: string;
  createdAt: Date;
  linkedAt: Date;
}

export interface WorkOrderPage {
  items: WorkOrderView[];
  nextCursor: string | null;
}

const NUMBER_LIKE = /^WO\d{1,8}(-\d{0,7})?$/i;

/** Work orders (工单): creation from a call or standalone, the lifecycle with the acceptance rule, calls, remarks, search. */
@Injectable()
export class WorkOrdersService {
  private readonly tx: TransactionRunner;
  /** Creations arriving together share a transaction (group commit): a peak's creates, one commit and one counter bump per batch. */
  private readonly creations: GroupCommit<CreationRequest, Creation>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly customers: CustomersService,
    private readonly slaPolicies: SlaPolicyService,
    private readonly notifications: WorkOrderNotificationsService,
    private readonly phoneViews: PhoneViewsService,
    private readonly idempotencyKeys: IdempotencyKeysService,
    @Inject(WORK_ORDER_CLOCK) private readonly clock: WorkOrderClock,
    metrics: MetricsRegistry,
  ) {
    this.tx = new TransactionRunner(db);
    this.creations = new GroupCommit(
      (requests) => this.tx.run((tx) => this.insert(tx, requests)),
      (request) => this.createAlone(request),
      // One batch at a time: the day's counter row would queue them anyway, and the next batch gathers
      // while one is written (measured: 431/s at one batch in flight, 359/s at four).
      { maxBatch: 50, onWritten: metrics.groupCommitObserver('work_orders') },
    );
  }

  // ── create ──────────────────────────────────────────────────────────────────────────────────

  async create(input: CreateWorkOrderDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return (await this.createOnce(input, principal)).view;
  }

  /**
   * Creation with an optional `Idempotency-Key`: a retry (same key, same staff member, same body) gets the first answer
   * and no second order; the same key with another body → 422. Concurrent duplicates race on the
   * key's unique index inside the creation's transaction: the loser answers with the winner's order.
   */
  async createOnce(input: CreateWorkOrderDto, principal: StaffPrincipal, idempotencyKey?: string): Promise<CreationAnswer> {
    const idempotency = IdempotencyKeysService.request(principal.staffId, idempotencyKey, input);
    if (idempotency) {
      const first = await this.idempotencyKeys.find(idempotency);
      if (first) return { view: first.body as WorkOrderView, replayed: true };
    }
    const phone = CustomersService.phoneOrThrow(input.customerPhone, 'customerPhone');
    const unit = input.unitCode === undefined ? null : await this.unitOrThrow(input.unitCode, 'unitCode');
    // Terminal staff register orders for their own unit; another unit's would hand them its customer's name and number.
    if (unit && unit.id !== principal.unitId && !principal.roles.some((r) => r === 'agent' || r === 'supervisor')) {
      throw new ForbiddenException(`unitCode ${unit.code} is not your unit: terminal staff create work orders for their own unit only`);
    }
    const severity = majorByChannel(input) ? 'major' : input.severity ?? 'normal';
    let creation: Creation;
    try {
      creation = await this.creations.submit({ input, principal, phone, unit, severity, idempotency });
    } catch (error) {
      const first = idempotency && isUniqueViolation(error) ? await this.idempotencyKeys.find(idempotency) : null;
      if (first) return { view: first.body as WorkOrderView, replayed: true };
      throw error;
    }
    this.notifications.publish(creation.events);
    return { view: creation.view, replayed: false };
  }

  /** One creation in its own transaction — alone, or after its batch failed. */
  private async createAlone(request: CreationRequest): Promise<Creation> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.tx.run((tx) => this.insert(tx, [request])))[0];
      } catch (error) {
        // Two first calls from one new number at once: the loser of the customer_phone insert retries and finds the customer.
        if (attempt < 3 && isRetryable(error)) continue;
        throw error;
      }
    }
  }

  /**
   * Writes the orders of one transaction: their SLA rules, customers and numbers each read or
   * taken in one statement, and the orders, call links and audit entries in one insert per table.
   * The day's counter row is bumped after the reads, so it stays locked (creations of one day queue
   * on it) only for the inserts and the commit.
   */
  private async insert(tx: EntityManager, requests: CreationRequest[]): Promise<Creation[]> {
    const now = this.clock.now();
    const rules = await this.slaPolicies.rulesFor(requests.map((r) => r.input.category), tx);
    const customers = await this.customers.findOrCreateByPhones(tx, requests.map((r) => ({ phone: r.phone, name: r.input.customerName ?? null })), now);
    const numbers = await this.allocateNumbers(tx, now, requests.length);
    const orders = requests.map(({ input, principal, phone, unit, severity }, i) => {
      const { dueAt, firstResponseDueAt } = slaDeadlines(now, rules.get(input.category)!, this.slaPolicies.calendar);
      // Spoken to in person or on the line: the first response is the creation itself.
      const respondedAtOnce = input.channel === 'hotline' || input.channel === 'store_walk_in';
      return tx.create(WorkOrder, {
        number: numbers[i], channel: input.channel, type: input.type, category: input.category, terminal: unit?.terminal ?? input.terminal,
        unitId: unit?.id ?? null, responsiblePerson: input.responsiblePerson ?? null, customerId: customers[i].id, customerPhone: phone,
        externalOrderNumber: input.externalOrderNumber ?? null, product: input.product ?? null, description: input.description, severity,
        status: unit ? 'assigned' : 'new', createdById: principal.staffId, agentId: principal.roles.includes('agent') ? principal.staffId : null,
        solution: null, solutionProposedAt: null, solutionProposedById: null, acceptedAt: null, acceptanceMethod: null, acceptanceCallSid: null,
        acceptanceRecordedById: null, dueAt, firstResponseDueAt, firstRespondedAt: respondedAtOnce ? now : null, escalateAt: dueAt, escalatedAt: null,
        escalationReason: null, closedAt: null, reopenCount: 0, version: 1, createdAt: now, updatedAt: now,
      });
    });
    // Not save, nor TypeORM's insert builder: their machinery was most of a create's ORM time. The ids
    // are read back by number, not counted on from the first insert id (which holds only under
    // consecutive auto-increment locking).
    await insertRows(tx, WorkOrder, orders);
    const ids: Array<{ id: number | string; number: string }> = await tx.query(`SELECT id, number FROM work_order WHERE number IN (${sqlPlaceholders(numbers)})`, numbers);
    const idOf = new Map(ids.map((r) => [r.number, Number(r.id)]));
    for (const order of orders) order.id = idOf.get(order.number)!;
    const calls = requests.map(({ input, principal }, i) =>
      input.callSid ? [tx.create(WorkOrderCall, { workOrderId: orders[i].id, callSid: input.callSid, linkedAt: now, linkedById: principal.staffId })] : [],
    );
    await insertRows(tx, WorkOrderCall, calls.flat());
    await this.auditAll(tx, requests.map(({ input, principal }, i) => ({
      workOrderId: orders[i].id, action: 'create', actor: principal, at: now, before: null,
      after: { number: orders[i].number, status: orders[i].status, severity: orders[i].severity, unitId: orders[i].unitId, callSid: input.callSid ?? null, dueAt: orders[i].dueAt },
      note: null,
    })));
    const creations: Creation[] = [];
    for (const [i, order] of orders.entries()) {
      const events = order.severity === 'major' ? [await this.notifications.record(tx, order, majorDraft(order.channel), now)] : [];
      // The answer from what was just written — no second round of reads.
      order.customer = customers[i];
      const { principal, unit } = requests[i];
      const view = workOrderView(order, now, new Map([[principal.staffId, principal.jobNumber]]), unit, { calls: calls[i], remarks: [] });
      creations.push({ view, events });
    }
    // Last, so a duplicate key fails the transaction only after its reads, and keeps nothing.
    await this.idempotencyKeys.remember(tx, requests.flatMap(({ idempotency }, i) => (idempotency ? [{ request: idempotency, workOrderId: orders[i].id, body: creations[i].view }] : [])), now);
    return creations;
  }

  /**
   * The next `count` numbers of the site-local day, from a counter row bumped once in this
   * transaction (row-locked until commit): gap-free, as a rolled-back batch takes its bump back.
   */
  private async allocateNumbers(tx: EntityManager, now: Date, count: number): Promise<string[]> {
    const day = siteDay(now, this.config.SITE_UTC_OFFSET_MINUTES).replace(/-/g, ''); // 20261122
    let last: number;
    if (this.tx.engine === 'mysql') {
      // LAST_INSERT_ID(expr) hands the new value back in the insert result: one round trip, row-locked until commit.
      const result: { insertId: number } = await tx.query(
        'INSERT INTO work_order_day_counter (day, lastSequence) VALUES (?, LAST_INSERT_ID(?)) ON DUPLICATE KEY UPDATE lastSequence = LAST_INSERT_ID(lastSequence + ?)',
        [day, count, count],
      );
      last = Number(result.insertId);
    } else {
      const rows: { lastSequence: number }[] = await tx.query(
        'INSERT INTO work_order_day_counter (day, lastSequence) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET lastSequence = lastSequence + ? RETURNING lastSequence',
        [day, count, count],
      );
      last = Number(rows[0].lastSequence);
    }
    return Array.from({ length: count }, (_, i) => formatNumber(day, last - count + 1 + i));
  }

  // ── read ────────────────────────────────────────────────────────────────────────────────────

  /** The order with its calls and remarks; quality monitors see the customer's number masked (as after every action). */
  async get(number: string, principal: StaffPrincipal): Promise<WorkOrderView> {
    return masked(await this.load(number, principal), principal);
  }

  /**
   * GET /work-orders/:number — opening one order: the customer's full number for everyone in scope;
   * a quality monitor's view of it is audited (quality_phone_view) before it is answered.
   */
  async open(number: string, principal: StaffPrincipal): Promise<WorkOrderView> {
    const view = await this.load(number, principal);
    if (masksPhonesFor(principal.roles)) await this.phoneViews.record(principal, { id: view.id, number }, 'work_order', view.id);
    return view.view;
  }

  private async load(number: string, principal: StaffPrincipal): Promise<{ id: number; view: WorkOrderView }> {
    const order = await this.db.getRepository(WorkOrder).findOne({ where: { number }, relations: { customer: true, unit: true } });
    if (!order || !inScope(principal, order)) throw new NotFoundException(`No work order ${number}`);
    const [calls, remarks] = await Promise.all([
      this.db.getRepository(WorkOrderCall).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } }),
      this.db.getRepository(WorkOrderRemark).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } }),
    ]);
    const jobNumbers = await this.jobNumbers([order]);
    return {
      id: order.id,
      view: workOrderView(order, this.clock.now(), jobNumbers, order.unit, { calls, remarks: remarks.map((r) => remarkView(r, this.config.SITE_UTC_OFFSET_MINUTES)) }),
    };
  }

  async list(query: ListWorkOrdersQuery, principal: StaffPrincipal): Promise<WorkOrderPage> {
    const limit = query.limit ?? 20;
    const now = this.clock.now();
    // The page's ids first, then its rows (a deferred join): the filters walk an index alone — the
    // overdue list reads its deadlines from IDX_work_order_open — instead of fetching every row they skip.
    const qb = this.db.getRepository(WorkOrder).createQueryBuilder('o')
      .select('o.id', 'id')
      .orderBy('o.id', 'DESC')
      .limit(limit + 1);
    applyScope(qb, principal);
    if (query.status) qb.andWhere('o.status IN (:...statuses)', { statuses: query.status.split(',') });
    if (query.category) qb.andWhere('o.category = :category', { category: query.category });
    if (query.terminal) qb.andWhere('o.terminal = :terminal', { terminal: query.terminal });
    if (query.severity) qb.andWhere('o.severity = :severity', { severity: query.severity });
    if (query.unit) qb.andWhere('o.unitId = :unitId', { unitId: (await this.unitOrThrow(query.unit, 'unit')).id });
    if (query.agent) {
      const agent = await this.db.getRepository(Staff).findOneBy({ jobNumber: query.agent });
      if (!agent) throw new BadRequestException(`agent ${query.agent} is not a known job number`);
      qb.andWhere('o.agentId = :agentId', { agentId: agent.id });
    }
    if (query.phone) {
      const customerId = await this.customers.customerIdFor(CustomersService.phoneOrThrow(query.phone, 'phone'));
      qb.andWhere('o.customerId = :customerId', { customerId: customerId ?? -1 });
    }
    if (query.callSid) {
      qb.andWhere('o.id IN (SELECT c.workOrderId FROM work_order_call c WHERE c.callSid = :callSid)', { callSid: query.callSid });
    }
    if (query.overdue === true) qb.andWhere('o.closedAt IS NULL AND o.dueAt < :now', { now });
    if (query.overdue === false) qb.andWhere('(o.closedAt IS NOT NULL OR o.dueAt >= :now)', { now });
    if (query.createdFrom) qb.andWhere('o.createdAt >= :from', { from: new Date(query.createdFrom) });
    if (query.createdTo) qb.andWhere('o.createdAt < :to', { to: new Date(query.createdTo) });
    if (query.q) await this.applySearch(qb, query.q.trim());
    if (query.cursor) qb.andWhere('o.id < :cursor', { cursor: decodeCursor('o', query.cursor, 1)[0] });
    const ids = (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    const rows = ids.length === 0 ? [] : await this.db.getRepository(WorkOrder).createQueryBuilder('o')
      .leftJoinAndSelect('o.customer', 'customer')
      .leftJoinAndSelect('o.unit', 'unit')
      .whereInIds(ids)
      .orderBy('o.id', 'DESC')
      .getMany();
    const page = rows.slice(0, limit);
    const jobNumbers = await this.jobNumbers(page);
    return {
      items: page.map((o) => masked({ view: workOrderView(o, now, jobNumbers, o.unit) }, principal)),
      nextCursor: rows.length > limit ? encodeCursor('o', page[page.length - 1].id) : null,
    };
  }

  /** Search: a work-order number (or its start), a phone number, or text of the description. */
  private async applySearch(qb: ReturnType<DataSource['createQueryBuilder']>, q: string): Promise<void> {
    if (NUMBER_LIKE.test(q)) {
      qb.andWhere('o.number LIKE :numberPrefix', { numberPrefix: `${q.toUpperCase()}%` });
      return;
    }
    const phone = /^[+0-9][0-9 ()\-.]+$/.test(q) ? normalisePhone(q) : null;
    if (phone) {
      const customerId = await this.customers.customerIdFor(phone);
      qb.andWhere(new Brackets((w) => w.where('o.customerPhone = :phone', { phone }).orWhere('o.customerId = :customerId', { customerId: customerId ?? -1 })));
      return;
    }
    qb.andWhere("o.description LIKE :text ESCAPE '!'", { text: `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%` });
  }

  /** The audit trail: who, what, when, before and after. */
  async auditTrail(number: string, principal: StaffPrincipal) {
    const order = await this.findVisible(this.db.manager, number, principal);
    const rows = await this.db.getRepository(WorkOrderAudit).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } });
    return rows.map((r) => ({ action: r.action, by: r.actorJobNumber ?? 'system', at: r.at, before: r.before, after: r.after, note: r.note }));
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────────────────────

  async assign(number: string, input: AssignWorkOrderDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    const unit = await this.unitOrThrow(input.unitCode, 'unitCode');
    let agentId: number | undefined;
    if (input.agentJobNumber !== undefined) {
      if (!principal.roles.includes('supervisor')) throw new ForbiddenException('Only a supervisor may change the following-up agent');
      const agent = await this.db.getRepository(Staff).findOneBy({ jobNumber: input.agentJobNumber });
      if (!agent || !agent.roles.includes('agent')) throw new BadRequestException(`agentJobNumber ${input.agentJobNumber} is not an agent`);
      agentId = agent.id;
    }
    return this.mutate(number, principal, input.expectedVersion, async (order) => ({
      action: 'assign',
      changes: {
        status: transition(order, 'assign'), unitId: unit.id, terminal: unit.terminal, responsiblePerson: input.responsiblePerson ?? null,
        ...(agentId === undefined ? {} : { agentId }),
      },
      note: input.note ?? null,
    }));
  }

  start(number: string, input: NoteDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order) => ({
      action: 'start', changes: { status: transition(order, 'start') }, note: input.note ?? null,
    }));
  }

  proposeSolution(number: string, input: ProposeSolutionDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order, now) => ({
      action: 'propose-solution',
      changes: {
        status: transition(order, 'propose-solution'), solution: input.solution, solutionProposedAt: now, solutionProposedById: principal.staffId,
        ...clearedAcceptance(),
      },
    }));
  }

  /** The customer's answer to the proposed solution, and how it was obtained (on a call — linked — or in person). */
  recordAcceptance(number: string, input: AcceptanceDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order, now) => {
      const how = input.method === 'call' ? `on call ${input.callSid}` : 'in person';
      const linkCall = async (tx: EntityManager) => {
        if (input.callSid && !(await tx.existsBy(WorkOrderCall, { workOrderId: order.id, callSid: input.callSid }))) {
          await tx.insert(WorkOrderCall, { workOrderId: order.id, callSid: input.callSid, linkedAt: now, linkedById: principal.staffId });
        }
      };
      if (input.accepted) {
        return {
          action: 'accept',
          changes: {
            status: transition(order, 'accept'), acceptedAt: now, acceptanceMethod: input.method, acceptanceCallSid: input.callSid ?? null,
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
    return this.mutate(number, principal, input.expectedVersion, async (order, now) => {
      const status = transition(order, 'close');
      const refusal = closeRefusal(order);
      if (refusal) throw new ConflictException({ message: refusal, currentStatus: order.status, allowedActions: allowedActions(order.status).filter((a) => a !== 'close') });
      return {
        action: 'close', changes: { status, closedAt: now, escalateAt: null }, note: input.note ?? null,
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
        action: 'reopen', changes: { status, reopenCount: order.reopenCount + 1, ...clearedAcceptance(), ...sla },
        note: [input.reason, input.note].filter(Boolean).join(': '),
        also,
      };
    });
  }

  escalate(number: string, input: EscalateDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order, now) => ({
      action: 'escalate', changes: { status: transition(order, 'escalate'), ...escalation(now, 'manual') }, note: input.note,
      notify: [{ type: 'escalated', audience: 'supervisor', reason: 'manual' }],
    }));
  }

  /** 无法处理: the handler declares it cannot be handled — escalated to the supervisor at once. */
  cannotHandle(number: string, input: EscalateDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order, now) => ({
      action: 'cannot-handle', changes: { status: transition(order, 'cannot-handle'), ...escalation(now, 'cannot-handle') }, note: input.note,
      notify: [{ type: 'escalated', audience: 'supervisor', reason: 'cannot-handle' }],
    }));
  }

  update(number: string, input: UpdateWorkOrderDto, principal: StaffPrincipal): Promise<WorkOrderView> {
    return this.mutate(number, principal, input.expectedVersion, async (order) => {
      if (order.status === 'closed') throw new ConflictException({ message: `Work order ${number} is closed; reopen it before editing`, currentStatus: 'closed', allowedActions: ['reopen'] });
      const { expectedVersion: _v, ...fields } = input;
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<WorkOrder>;
      if (Object.keys(changes).length === 0) throw new BadRequestException('Nothing to update: give at least one field');
      const becomesMajor = changes.severity === 'major' && order.severity !== 'major';
      return {
        action: 'update', changes,
        notify: becomesMajor ? [{ type: 'major-complaint', audience: 'management', reason: 'severity' }] : [],
      };
    });
  }

  // ── calls and remarks ───────────────────────────────────────────────────────────────────────

  /** Links a call (by Twilio CallSid) to a work order; idempotent. For telephony and the softphone; `principal` null = the system. */
  async linkCall(workOrderNumber: string, callSid: string, principal: StaffPrincipal | null): Promise<CallLinkResult> {
    return this.tx.run(async (tx) => {
      const order = principal ? await this.findVisible(tx, workOrderNumber, principal) : await tx.findOneBy(WorkOrder, { number: workOrderNumber });
      if (!order) throw new NotFoundException(`No work order ${workOrderNumber}`);
      const existing = await tx.findOneBy(WorkOrderCall, { workOrderId: order.id, callSid });
      if (existing) return { workOrderNumber, callSid, linkedAt: existing.linkedAt, alreadyLinked: true };
      const now = this.clock.now();
      await tx.insert(WorkOrderCall, { workOrderId: order.id, callSid, linkedAt: now, linkedById: principal?.staffId ?? null });
      await this.audit(tx, order.id, 'link-call', principal, now, null, { callSid }, null);
      return { workOrderNumber, callSid, linkedAt: now, alreadyLinked: false };
    });
  }

  /** The work orders a call is linked to (for the call record). */
  async listForCall(callSid: string): Promise<WorkOrderForCall[]> {
    const links = await this.db.getRepository(WorkOrderCall).find({ where: { callSid }, order: { id: 'ASC' } });
    if (links.length === 0) return [];
    const orders = await this.db.getRepository(WorkOrder).findBy({ id: In(links.map((l) => l.workOrderId)) });
    const byId = new Map(orders.map((o) => [o.id, o]));
    return links.filter((l) => byId.has(l.workOrderId)).map((l) => {
      const o = byId.get(l.workOrderId)!;
      return { number: o.number, status: o.status, type: o.type, category: o.category, severity: o.severity, customerPhone: o.customerPhone, createdAt: o.createdAt, linkedAt: l.linkedAt };
    });
  }

  /** A remark "reason + agent + date" with an optional colour flag. Does not change the order's version. */
  async addRemark(number: string, input: RemarkDto, principal: StaffPrincipal): Promise<RemarkView> {
    const remark = await this.tx.run(async (tx) => {
      const order = await this.findVisible(tx, number, principal);
      const now = this.clock.now();
      const saved = await tx.save(WorkOrderRemark, tx.create(WorkOrderRemark, {
        workOrderId: order.id, flag: input.flag ?? null, reason: input.reason, authorId: principal.staffId, authorJobNumber: principal.jobNumber, createdAt: now,
      }));
      if (!order.firstRespondedAt) {
        await tx.createQueryBuilder().update(WorkOrder).set({ firstRespondedAt: now, version: () => 'version' }).where('id = :id AND firstRespondedAt IS NULL', { id: order.id }).execute();
      }
      await this.audit(tx, order.id, 'remark', principal, now, null, { flag: saved.flag, reason: saved.reason }, null);
      return saved;
    });
    return remarkView(remark, this.config.SITE_UTC_OFFSET_MINUTES);
  }

  // ── shared ──────────────────────────────────────────────────────────────────────────────────

  /** The order by number if the principal may see it, else 404. */
  async findVisible(manager: EntityManager, number: string, principal: StaffPrincipal): Promise<WorkOrder> {
    const order = await manager.findOneBy(WorkOrder, { number });
    if (!order || !inScope(principal, order)) throw new NotFoundException(`No work order ${number}`);
    return order;
  }

  async audit(tx: EntityManager, workOrderId: number, action: string, actor: StaffPrincipal | null, at: Date, before: Record<string, unknown> | null, after: Record<string, unknown> | null, note: string | null): Promise<void> {
    await this.auditAll(tx, [{ workOrderId, action, actor, at, before, after, note }]);
  }

  private async auditAll(tx: EntityManager, entries: AuditEntry[]): Promise<void> {
    await insertRows(tx, WorkOrderAudit, entries.map(({ actor, ...entry }) => tx.create(WorkOrderAudit, { ...entry, actorId: actor?.staffId ?? null, actorJobNumber: actor?.jobNumber ?? null })));
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
    work: (order: WorkOrder, now: Date, tx: EntityManager) => Promise<Mutation>,
  ): Promise<WorkOrderView> {
    const events = await this.tx.run(async (tx) => {
      const order = await this.findVisible(tx, number, principal);
      if (expectedVersion !== undefined && expectedVersion !== order.version) throw stale(number, expectedVersion, order.version);
      const now = this.clock.now();
      const mutation = await work(order, now, tx);
      const changes: Partial<WorkOrder> = { ...mutation.changes, updatedAt: now };
      if (!order.firstRespondedAt) changes.firstRespondedAt = now;
      const result = await tx.createQueryBuilder().update(WorkOrder).set(changes as never)
        .where('id = :id AND version = :version', { id: order.id, version: order.version }).execute();
      if (result.affected !== 1) {
        // A current read (MariaDB's snapshot would still show the version this transaction started with).
        const lock = this.tx.engine === 'mysql' ? ' FOR UPDATE' : '';
        const rows: { version: number }[] = await tx.query(`SELECT version FROM work_order WHERE id = ?${lock}`, [order.id]);
        throw stale(number, expectedVersion ?? order.version, Number(rows[0]?.version ?? order.version + 1));
      }
      const keys = Object.keys(mutation.changes) as (keyof WorkOrder)[];
      await this.audit(tx, order.id, mutation.action, principal, now, pick(order, keys), pick(mutation.changes, keys), mutation.note ?? null);
      if (mutation.also) await mutation.also(tx);
      const out: WorkOrderEvent[] = [];
      for (const draft of mutation.notify ?? []) out.push(await this.notifications.record(tx, order, draft, now));
      out.push(...(mutation.events ?? []));
      return out;
    });
    this.notifications.publish(events);
    return this.get(number, principal);
  }

  private async unitOrThrow(code: string, field: string): Promise<TerminalUnit> {
    const unit = await this.db.getRepository(TerminalUnit).findOneBy({ code });
    if (!unit) throw new BadRequestException(`${field} ${code} is not a known unit`);
    return unit;
  }

  private async jobNumbers(orders: WorkOrder[]): Promise<Map<number, string>> {
    const ids = new Set<number>();
    for (const o of orders) for (const id of [o.createdById, o.agentId, o.acceptanceRecordedById]) if (id !== null) ids.add(id);
    if (ids.size === 0) return new Map();
    const staff = await this.db.getRepository(Staff).find({ where: { id: In([...ids]) }, select: { id: true, jobNumber: true } });
    return new Map(staff.map((s) => [s.id, s.jobNumber]));
  }

  /** For the controller: whether the principal may see everything (used for the notifications list). */
  seesAll(principal: StaffPrincipal): boolean {
    return seesAll(principal);
  }
}

function transition(order: WorkOrder, action: WorkOrderAction) {
  try {
    return nextStatus(order.status, action);
  } catch (error) {
    if (error instanceof IllegalTransitionError) {
      throw new ConflictException({ message: `Work order ${order.number}: ${error.message}`, currentStatus: error.current, allowedActions: error.allowed });
    }
    throw error;
  }
}

function stale(number: string, expected: number, current: number): ConflictException {
  return new ConflictException({
    message: `Work order ${number} has changed since version ${expected} (it is now version ${current}); reload it and try again`,
    currentVersion: current,
  });
}

function clearedAcceptance(): Partial<WorkOrder> {
  return { acceptedAt: null, acceptanceMethod: null, acceptanceCallSid: null, acceptanceRecordedById: null };
}

export function escalation(now: Date, reason: string): Partial<WorkOrder> {
  return { escalatedAt: now, escalationReason: reason, escalateAt: null };
}

function majorByChannel(input: { type: string; channel: WorkOrder['channel'] }): boolean {
  return input.type === 'complaint' && MAJOR_CHANNELS.includes(input.channel);
}

function majorDraft(channel: WorkOrder['channel']): NotificationDraft {
  return { type: 'major-complaint', audience: 'management', reason: MAJOR_CHANNELS.includes(channel) ? channel : 'severity' };
}

function pick(source: Partial<WorkOrder>, keys: (keyof WorkOrder)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, source[k] ?? null]));
}

/** Lists, and answers to actions, show quality monitors the customer's number masked (138****5678). */
function masked({ view }: { view: WorkOrderView }, principal: StaffPrincipal): WorkOrderView {
  return masksPhonesFor(principal.roles) ? { ...view, customer: { ...view.customer, phone: maskPhone(view.customer.phone) } } : view;
}

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  if (code === 'ER_LOCK_DEADLOCK') return true;
  return code === 'ER_DUP_ENTRY' && /UQ_customer_phone_phone/.test(e.message ?? '');
}
