import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { siteDay } from '../clock/site-day';
import { CustomersService } from '../customers/customers.service';
import { GroupCommit } from '../database/group-commit';
import { insertRows } from '../database/insert-rows';
import { sqlPlaceholders } from '../database/sql-placeholders';
import { sqlDialect } from '../database/sql-dialect';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { MetricsRegistry } from '../metrics/metrics';
import { SearchIndexService } from '../search/search-index.service';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { CreateWorkOrderDto } from './dtos/work-order.dto';
import { IdempotencyKeysService, IdempotentRequest } from './idempotency-keys.service';
import { slaDeadlines } from './sla-policies/sla';
import { SlaPolicyService } from './sla-policies/sla-policy.service';
import { WorkOrderCall } from './work-order-call.entity';
import { changedEvent, WorkOrderEvent } from './work-order-events.service';
import { NotificationDraft, WorkOrderNotificationsService } from './work-order-notifications.service';
import { formatNumber, workOrderView, WorkOrderView } from './work-order-view';
import { MAJOR_CHANNELS, Severity, WorkOrder } from './work-order.entity';
import { WorkOrdersService } from './work-orders.service';
import { workOrderDocument } from './work-order-search-document';
import { DomainError } from '../http/errors/domain-error';

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
  workOrderId: number;
  view: WorkOrderView;
  events: WorkOrderEvent[];
}

/** A creation's answer; `replayed` when it is the first answer to a repeated `Idempotency-Key`. */
export interface CreationAnswer {
  view: WorkOrderView;
  replayed: boolean;
}

/** Creating work orders (工单), from a call or standalone: the group commit, the day's numbers and the `Idempotency-Key`. */
@Injectable()
export class WorkOrderCreationService {
  /** Creations arriving together share a transaction (group commit): a peak's creates, one commit and one counter bump per batch. */
  private readonly creations: GroupCommit<CreationRequest, Creation>;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly workOrders: WorkOrdersService,
    private readonly customers: CustomersService,
    private readonly slaPolicies: SlaPolicyService,
    private readonly notifications: WorkOrderNotificationsService,
    private readonly idempotencyKeys: IdempotencyKeysService,
    private readonly searchIndex: SearchIndexService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    metrics: MetricsRegistry,
  ) {
    this.creations = new GroupCommit(
      (requests) => this.tx.run((tx) => this.insert(tx, requests)),
      (request) => this.createAlone(request),
      // One batch at a time: the day's counter row would queue them anyway, and the next batch gathers
      // while one is written (measured: 431/s at one batch in flight, 359/s at four).
      { maxBatch: 50, onWritten: metrics.groupCommitObserver('work_orders') },
    );
  }

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
    const request = await this.request(input, principal, idempotency);
    let creation: Creation;
    try {
      creation = await this.creations.submit(request);
    } catch (error) {
      const first = idempotency && isUniqueViolation(error) ? await this.idempotencyKeys.find(idempotency) : null;
      if (first) return { view: first.body as WorkOrderView, replayed: true };
      throw error;
    }
    this.notifications.publish(creation.events);
    return { view: creation.view, replayed: false };
  }

  /**
   * One work order and `along`'s writes that name it (a 阳光包 claim's link) in one transaction: both
   * commit or neither. Not in the group commit — a failure of `along` would take the batch's others with it.
   */
  async createWith<T>(
    input: CreateWorkOrderDto,
    principal: StaffPrincipal,
    along: (tx: EntityManager, order: { id: number; number: string }) => Promise<T>,
  ): Promise<{ view: WorkOrderView; result: T }> {
    const request = await this.request(input, principal, null);
    const { creation, result } = await this.runRetrying(async (tx) => {
      const [creation] = await this.insert(tx, [request]);
      return { creation, result: await along(tx, { id: creation.workOrderId, number: creation.view.number }) };
    });
    this.notifications.publish(creation.events);
    return { view: creation.view, result };
  }

  /** The creation checked and normalised: the customer's phone, the unit it goes to, its severity. */
  private async request(input: CreateWorkOrderDto, principal: StaffPrincipal, idempotency: IdempotentRequest | null): Promise<CreationRequest> {
    const phone = CustomersService.phoneOrThrow(input.customerPhone, 'customerPhone');
    // A walk-in (现场客服 来访接待) registered at a store without a unit is that store's: it lands in their inbox.
    const ownUnit = input.unitCode === undefined && principal.unitId !== null && principal.roles.every((r) => r === 'terminal');
    const unit = ownUnit
      ? await this.workOrders.unitById(principal.unitId!)
      : input.unitCode === undefined
        ? null
        : await this.workOrders.unitOrThrow(input.unitCode, 'unitCode');
    // Terminal staff register orders for their own unit; another unit's would hand them its customer's name and number.
    if (unit && unit.id !== principal.unitId && !principal.roles.some((r) => r === 'agent' || r === 'supervisor')) {
      throw new DomainError(
        'work_order.walk_in_other_unit',
        { field: 'unitCode', unit: unit.code },
        `unitCode ${unit.code} is not your unit: terminal staff create work orders for their own unit only`,
      );
    }
    const severity = majorByChannel(input) ? 'major' : (input.severity ?? 'normal');
    return { input, principal, phone, unit, severity, idempotency };
  }

  /** One creation in its own transaction — alone, or after its batch failed. */
  private async createAlone(request: CreationRequest): Promise<Creation> {
    return (await this.runRetrying((tx) => this.insert(tx, [request])))[0];
  }

  private async runRetrying<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tx.run(work);
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
    const now = new Date(this.clock.now());
    const rules = await this.slaPolicies.rulesFor(
      requests.map((r) => r.input.category),
      tx,
    );
    const customers = await this.customers.findOrCreateByPhones(
      tx,
      requests.map((r) => ({ phone: r.phone, name: r.input.customerName ?? null })),
      now,
    );
    const numbers = await this.allocateNumbers(tx, now, requests.length);
    const orders = requests.map(({ input, principal, phone, unit, severity }, i) => {
      const { dueAt, firstResponseDueAt } = slaDeadlines(now, rules.get(input.category)!, this.slaPolicies.calendar);
      // Spoken to in person or on the line: the first response is the creation itself.
      const respondedAtOnce = input.channel === 'hotline' || input.channel === 'store_walk_in';
      return tx.create(WorkOrder, {
        number: numbers[i],
        channel: input.channel,
        type: input.type,
        category: input.category,
        terminal: unit?.terminal ?? input.terminal,
        unitId: unit?.id ?? null,
        responsiblePerson: input.responsiblePerson ?? null,
        customerId: customers[i].id,
        customerPhone: phone,
        externalOrderNumber: input.externalOrderNumber ?? null,
        product: input.product ?? null,
        description: input.description,
        severity,
        status: unit ? 'assigned' : 'new',
        createdById: principal.staffId,
        agentId: principal.roles.includes('agent') ? principal.staffId : null,
        solution: null,
        solutionProposedAt: null,
        solutionProposedById: null,
        acceptedAt: null,
        acceptanceMethod: null,
        acceptanceCallSid: null,
        acceptanceRecordedById: null,
        dueAt,
        firstResponseDueAt,
        firstRespondedAt: respondedAtOnce ? now : null,
        escalateAt: dueAt,
        escalatedAt: null,
        escalationReason: null,
        closedAt: null,
        reopenCount: 0,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    });
    // Not save, nor TypeORM's insert builder: their machinery was most of a create's ORM time. The ids
    // are read back by number, not counted on from the first insert id (which holds only under
    // consecutive auto-increment locking).
    await insertRows(tx, WorkOrder, orders);
    const ids: Array<{ id: number | string; number: string }> = await tx.query(
      `SELECT id, number FROM work_order WHERE number IN (${sqlPlaceholders(numbers)})`,
      numbers,
    );
    const idOf = new Map(ids.map((r) => [r.number, Number(r.id)]));
    for (const order of orders) order.id = idOf.get(order.number)!;
    const calls = requests.map(({ input, principal }, i) =>
      input.callSid ? [tx.create(WorkOrderCall, { workOrderId: orders[i].id, callSid: input.callSid, linkedAt: now, linkedById: principal.staffId })] : [],
    );
    await insertRows(tx, WorkOrderCall, calls.flat());
    // Searchable from the commit on, by the batch's one upsert (bench:search prints what it adds to a creation).
    await this.searchIndex.add(
      tx,
      'work_order',
      orders.map((o) => workOrderDocument(o, [])),
    );
    await this.workOrders.auditAll(
      tx,
      requests.map(({ input, principal }, i) => ({
        workOrderId: orders[i].id,
        action: 'create',
        actor: principal,
        at: now,
        before: null,
        after: {
          number: orders[i].number,
          status: orders[i].status,
          severity: orders[i].severity,
          unitId: orders[i].unitId,
          callSid: input.callSid ?? null,
          dueAt: orders[i].dueAt,
        },
        note: null,
      })),
    );
    const creations: Creation[] = [];
    for (const [i, order] of orders.entries()) {
      const events: WorkOrderEvent[] = order.severity === 'major' ? [await this.notifications.record(tx, order, majorDraft(order.channel), now)] : [];
      events.push(changedEvent(order, 'create', now));
      const callSid = requests[i].input.callSid;
      if (callSid) events.push({ type: 'created', workOrderNumber: order.number, callSid, customerPhone: order.customerPhone, at: now });
      // The answer from what was just written — no second round of reads.
      order.customer = customers[i];
      const { principal, unit } = requests[i];
      const view = workOrderView(order, now, new Map([[principal.staffId, principal.jobNumber]]), unit, {
        calls: calls[i],
        remarks: [],
        roles: principal.roles,
      });
      creations.push({ workOrderId: order.id, view, events });
    }
    // Last, so a duplicate key fails the transaction only after its reads, and keeps nothing.
    await this.idempotencyKeys.remember(
      tx,
      requests.flatMap(({ idempotency }, i) => (idempotency ? [{ request: idempotency, workOrderId: orders[i].id, body: creations[i].view }] : [])),
      now,
    );
    return creations;
  }

  /**
   * The next `count` numbers of the site-local day, from a counter row bumped once in this
   * transaction (row-locked until commit): gap-free, as a rolled-back batch takes its bump back.
   */
  private async allocateNumbers(tx: EntityManager, now: Date, count: number): Promise<string[]> {
    const day = siteDay(now, this.config.SITE_UTC_OFFSET_MINUTES).replace(/-/g, ''); // 20261122
    let last: number;
    if (sqlDialect(this.db) === 'mysql') {
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
}

function majorByChannel(input: { type: string; channel: WorkOrder['channel'] }): boolean {
  return input.type === 'complaint' && MAJOR_CHANNELS.includes(input.channel);
}

function majorDraft(channel: WorkOrder['channel']): NotificationDraft {
  return { type: 'major-complaint', audience: 'management', reason: MAJOR_CHANNELS.includes(channel) ? channel : 'severity' };
}

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  if (code === 'ER_LOCK_DEADLOCK') return true;
  return code === 'ER_DUP_ENTRY' && /UQ_customer_phone_phone/.test(e.message ?? '');
}
