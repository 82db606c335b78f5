import { BadGatewayException, ConflictException, ForbiddenException, HttpException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { EventBus } from '../../events/event-bus';
import { CallControlService } from '../../telephony/call-control.service';
import { CallRecord } from '../../telephony/call-record.entity';
import { applyScope, inScope } from '../../work-orders/work-order-access';
import { WorkOrderAudit } from '../../work-orders/work-order-audit.entity';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { WorkOrderLifecycleService } from '../../work-orders/work-order-lifecycle.service';
import { WorkOrdersService } from '../../work-orders/work-orders.service';
import { maskPhone, masksPhonesFor } from '../../customers/phone-masking';
import { AttemptOutcome, CallbackAttempt } from './callback-attempt.entity';
import {
  afterUnreachable,
  CallbackFilter,
  CallbackStatus,
  dueAfterClose,
  isDissatisfied,
  listedStatus,
  OPEN_CALLBACK_STATUSES,
  RetryPolicy,
} from './callback-policy';
import { CallbackVisit } from './callback-visit.entity';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { CallbackResultDto, ListCallbacksQuery, UnreachableDto } from './dtos/callback.dto';
import { PhoneViewsService } from '../../customers/phone-views.service';
import { isUniqueViolation } from '../../database/unique-violation';
import type { CallbackVisitDto } from './dtos/callback-view.dto';

/**
 * Callback visits (回访): scheduling one per close of a work order, the work list, placing the call
 * through telephony's one outbound path, unreachable attempts with the retry policy, and the final
 * result — "not solved" reopens the work order in the same transaction as the result.
 */
@Injectable()
export class CallbackVisitsService {
  readonly policy: RetryPolicy;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly workOrders: WorkOrdersService,
    private readonly lifecycle: WorkOrderLifecycleService,
    private readonly calls: CallControlService,
    private readonly phoneViews: PhoneViewsService,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly bus: EventBus,
  ) {
    this.policy = { maxAttempts: config.CALLBACK_MAX_ATTEMPTS, retryMinutes: config.CALLBACK_RETRY_MINUTES };
    logger.setContext('callback-visits');
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  // ── scheduling ──────────────────────────────────────────────────────────────────────────────

  /**
   * Schedules the visit for the order's latest close, if the order is closed and that close has
   * none yet. Idempotent across processes: the unique key on the close audit entry lets one insert
   * win; the others find it and do nothing. Returns the visit created, or null.
   */
  async scheduleForOrder(workOrderId: number): Promise<CallbackVisit | null> {
    const order = await this.db
      .getRepository(WorkOrder)
      .findOne({ where: { id: workOrderId }, select: { id: true, number: true, closedAt: true, status: true } });
    if (!order || order.status !== 'closed' || !order.closedAt) return null;
    const close = await this.db
      .getRepository(WorkOrderAudit)
      .findOne({ where: { workOrderId, action: 'close' }, order: { id: 'DESC' }, select: { id: true, at: true } });
    if (!close) return null;
    if (await this.db.getRepository(CallbackVisit).existsBy({ closeAuditId: close.id })) return null;
    try {
      const scheduled = await this.tx.run(async (tx) => {
        const visit = await tx.save(
          CallbackVisit,
          tx.create(CallbackVisit, {
            closeAuditId: close.id,
            workOrderId,
            workOrderNumber: order.number,
            closedAt: close.at,
            dueAt: dueAfterClose(close.at, this.config.CALLBACK_DELAY_MINUTES),
            status: 'scheduled',
            attempts: 0,
            lastAttemptAt: null,
            satisfaction: null,
            solved: null,
            dissatisfied: false,
            comments: null,
            resultCallSid: null,
            completedAt: null,
            completedById: null,
            completedByJobNumber: null,
            createdAt: this.now(),
          }),
        );
        // The order was reopened and closed again: this visit replaces any still open for the earlier close.
        await tx
          .createQueryBuilder()
          .update(CallbackVisit)
          .set({ status: 'superseded' })
          .where('workOrderId = :workOrderId AND id <> :id AND status IN (:...open)', { workOrderId, id: visit.id, open: OPEN_CALLBACK_STATUSES })
          .execute();
        return visit;
      });
      this.bus.publish('callback-visit-scheduled', { visitId: scheduled.id, workOrderId, workOrderNumber: order.number, dueAt: scheduled.dueAt });
      return scheduled;
    } catch (error) {
      if (isUniqueViolation(error)) return null; // another process scheduled it first
      throw error;
    }
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────────

  async list(query: ListCallbacksQuery, principal: StaffPrincipal): Promise<{ items: CallbackVisitDto[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const now = this.now();
    const qb = this.db
      .getRepository(CallbackVisit)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.workOrder', 'o')
      .leftJoinAndSelect('o.unit', 'unit')
      .leftJoinAndSelect('o.customer', 'customer')
      .orderBy('v.dueAt', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .limit(limit + 1);
    applyScope(qb as never, principal);
    if (query.status) {
      const clauses: string[] = [];
      const stored = new Set<CallbackStatus>();
      for (const filter of query.status.split(',') as CallbackFilter[]) {
        if (filter === 'due') clauses.push("(v.status = 'scheduled' AND v.dueAt <= :now)");
        else if (filter === 'scheduled') clauses.push("(v.status = 'scheduled' AND v.dueAt > :now)");
        else stored.add(filter);
      }
      if (stored.size) clauses.push('v.status IN (:...stored)');
      qb.andWhere(`(${clauses.join(' OR ')})`, { now, stored: [...stored] });
    }
    if (query.terminal) qb.andWhere('o.terminal = :terminal', { terminal: query.terminal });
    if (query.dueBefore) qb.andWhere('v.dueAt < :dueBefore', { dueBefore: new Date(query.dueBefore) });
    if (query.workOrder) qb.andWhere('v.workOrderNumber = :number', { number: query.workOrder });
    if (query.dissatisfied !== undefined) qb.andWhere('v.dissatisfied = :dissatisfied', { dissatisfied: query.dissatisfied });
    if (query.cursor) {
      const [dueMs, id] = decodeCursor('c', query.cursor, 2);
      qb.andWhere('(v.dueAt > :cursorDue OR (v.dueAt = :cursorDue AND v.id > :cursorId))', { cursorDue: new Date(dueMs), cursorId: id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const masked = masksPhonesFor(principal.roles);
    const last = page[page.length - 1];
    return {
      items: page.map((v) => this.view(v, now, masked)),
      nextCursor: rows.length > limit ? encodeCursor('c', last.dueAt.getTime(), last.id) : null,
    };
  }

  /** One visit with the customer's full number — a view that is audited (who, when, which work order) before it is answered. */
  async get(id: number, principal: StaffPrincipal): Promise<CallbackVisitDto> {
    const visit = await this.visible(id, principal);
    await this.phoneViews.record(principal, { id: visit.workOrderId, number: visit.workOrderNumber }, 'callback_visit', visit.id);
    const attempts = await this.db.getRepository(CallbackAttempt).find({ where: { visitId: visit.id }, order: { number: 'ASC' } });
    return {
      ...this.view(visit, this.now(), false),
      attemptLog: attempts.map((a) => ({
        number: a.number,
        callSid: a.callSid,
        outcome: a.outcome,
        note: a.note,
        by: a.byJobNumber,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
      })),
    };
  }

  // ── attempts ────────────────────────────────────────────────────────────────────────────────

  /**
   * Places the visit's call: the customer is called from the hotline number and, when they pick up,
   * the caller's softphone rings. The attempt is claimed first (a conditional update, so two monitors
   * cannot call the same customer at once), then the call is placed; if telephony fails the claim is undone.
   */
  async placeCall(id: number, principal: StaffPrincipal): Promise<CallbackVisitDto> {
    if (!principal.roles.includes('agent') && !principal.roles.includes('quality')) {
      throw new ForbiddenException('Placing a callback visit needs a softphone: sign in as an agent or quality monitor');
    }
    const visit = await this.visible(id, principal);
    if (visit.status === 'in_progress') {
      throw new ConflictException({
        message: `Callback visit ${id}: attempt ${visit.attempts} is still in progress; record its result or an unreachable attempt first`,
        status: visit.status,
      });
    }
    this.assertOpen(visit);
    const now = this.now();
    const number = visit.attempts + 1;
    await this.tx.run(async (tx) => {
      await this.claim(tx, visit, { status: 'in_progress', attempts: number, lastAttemptAt: now });
      await tx.insert(CallbackAttempt, {
        visitId: visit.id,
        number,
        callSid: null,
        outcome: null,
        note: null,
        byId: principal.staffId,
        byJobNumber: principal.jobNumber,
        startedAt: now,
        endedAt: null,
      });
    });
    let callSid: string;
    try {
      callSid = await this.calls.placeOutbound({ to: visit.workOrder!.customerPhone, agent: principal.jobNumber, purpose: 'callback-visit' });
    } catch (error) {
      this.logger.error({ err: error, visit: id }, 'could not place the callback visit call');
      await this.tx.run(async (tx) => {
        await tx.delete(CallbackAttempt, { visitId: visit.id, number });
        await tx
          .createQueryBuilder()
          .update(CallbackVisit)
          .set({ status: visit.status, attempts: visit.attempts, lastAttemptAt: visit.lastAttemptAt })
          .where('id = :id AND status = :status AND attempts = :attempts', { id: visit.id, status: 'in_progress', attempts: number })
          .execute();
      });
      if (error instanceof HttpException) throw error; // the number cannot be called (422): say why
      throw new BadGatewayException(`Callback visit ${id}: the call could not be placed (telephony error); nothing was recorded, try again`);
    }
    await this.db.getRepository(CallbackAttempt).update({ visitId: visit.id, number }, { callSid });
    return this.get(id, principal);
  }

  /** The customer could not be reached (no answer, busy, wrong number…): retry later, or unreachable after the last attempt. */
  async recordUnreachable(id: number, input: UnreachableDto, principal: StaffPrincipal): Promise<CallbackVisitDto> {
    const visit = await this.visible(id, principal);
    this.assertOpen(visit);
    const now = this.now();
    await this.tx.run(async (tx) => {
      const attempts = visit.status === 'in_progress' ? visit.attempts : visit.attempts + 1;
      const next = afterUnreachable(attempts, input.reason, now, this.policy);
      await this.claim(tx, visit, { status: next.status, attempts, lastAttemptAt: now, ...(next.dueAt ? { dueAt: next.dueAt } : {}) });
      await this.finishAttempt(tx, visit, principal, now, input.reason, input.note ?? null, null);
    });
    return this.get(id, principal);
  }

  /**
   * The result (final): satisfaction and whether the problem is really solved. Not solved reopens
   * the work order through WorkOrderLifecycleService.reopen, with this result written in the same
   * transaction — if the reopen is refused (the order was already reopened…), nothing is written.
   */
  async recordResult(id: number, input: CallbackResultDto, principal: StaffPrincipal): Promise<CallbackVisitDto> {
    const visit = await this.visible(id, principal);
    if (visit.status === 'done' || visit.status === 'failed')
      throw new ConflictException({ message: `Callback visit ${id} already has its result (${visit.status}); results are final`, status: visit.status });
    this.assertOpen(visit);
    const now = this.now();
    const openAttempt =
      visit.status === 'in_progress' ? await this.db.getRepository(CallbackAttempt).findOneBy({ visitId: visit.id, number: visit.attempts }) : null;
    const callSid = input.callSid ?? openAttempt?.callSid ?? null;
    if (callSid) await this.assertConnected(id, callSid);
    const write = async (tx: EntityManager) => {
      await this.claim(tx, visit, {
        status: input.solved ? 'done' : 'failed',
        attempts: visit.status === 'in_progress' ? visit.attempts : visit.attempts + 1,
        lastAttemptAt: now,
        satisfaction: input.satisfaction,
        solved: input.solved,
        dissatisfied: isDissatisfied(input.satisfaction),
        comments: input.comments ?? null,
        resultCallSid: callSid,
        completedAt: now,
        completedById: principal.staffId,
        completedByJobNumber: principal.jobNumber,
      });
      await this.finishAttempt(tx, visit, principal, now, 'reached', null, callSid);
    };
    if (input.solved) {
      await this.tx.run(write);
    } else {
      const note = [`callback visit ${id} (回访): the customer says the problem is not solved (satisfaction ${input.satisfaction}/5)`, input.comments]
        .filter(Boolean)
        .join(' — ');
      try {
        await this.lifecycle.reopen(visit.workOrderNumber, { reason: 'callback_unsolved', note: note.slice(0, 1000) }, principal, write);
      } catch (error) {
        if (error instanceof HttpException && error.getStatus() === 409) {
          const body = error.getResponse() as { message?: string };
          throw new ConflictException({
            ...(typeof body === 'object' ? body : {}),
            message: `Callback visit ${id}: the work order could not be reopened, nothing was recorded — ${body?.message ?? error.message}`,
          });
        }
        throw error;
      }
    }
    if (callSid)
      await this.workOrders
        .linkCall(visit.workOrderNumber, callSid, principal)
        .catch((err: unknown) => this.logger.warn({ err, visit: id }, 'could not link the visit call'));
    return this.get(id, principal);
  }

  /**
   * A result is what the customer said, so its call must have reached them: refused while the visit
   * call still rings or connects, and for a call that ended without anyone on the line (that attempt
   * is unreachable, not reached).
   */
  private async assertConnected(id: number, callSid: string): Promise<void> {
    const call = await this.db
      .getRepository(CallRecord)
      .findOne({ where: { callSid }, select: { callSid: true, connectedAt: true, endedAt: true, status: true } });
    if (call?.connectedAt) return;
    if (call?.endedAt) {
      throw new ConflictException({
        message: `Callback visit ${id}: the call ${callSid} ended without reaching the customer; record an unreachable attempt instead`,
        callStatus: call.status,
      });
    }
    throw new ConflictException({
      message: `Callback visit ${id}: the call ${callSid} is not connected yet (${call?.status ?? 'being placed'}); record the result once the customer is on the line`,
      callStatus: call?.status ?? null,
    });
  }

  // ── shared ──────────────────────────────────────────────────────────────────────────────────

  private async visible(id: number, principal: StaffPrincipal): Promise<CallbackVisit> {
    const visit = await this.db.getRepository(CallbackVisit).findOne({ where: { id }, relations: { workOrder: { unit: true, customer: true } } });
    if (!visit || !visit.workOrder || !inScope(principal, visit.workOrder)) throw new NotFoundException(`No callback visit ${id}`);
    return visit;
  }

  private assertOpen(visit: CallbackVisit): void {
    if (OPEN_CALLBACK_STATUSES.includes(visit.status)) return;
    const why: Record<string, string> = {
      done: 'has its result already',
      failed: 'has its result already (not solved; the work order was reopened)',
      unreachable: 'is over: the customer could not be reached',
      superseded: 'was replaced by a newer visit after the work order closed again',
    };
    throw new ConflictException({ message: `Callback visit ${visit.id} ${why[visit.status] ?? `is ${visit.status}`}`, status: visit.status });
  }

  /** The conditional update that decides who wins: only from the state this request read. */
  private async claim(tx: EntityManager, visit: CallbackVisit, changes: Partial<CallbackVisit>): Promise<void> {
    const result = await tx
      .createQueryBuilder()
      .update(CallbackVisit)
      .set(changes)
      .where('id = :id AND status = :status AND attempts = :attempts', { id: visit.id, status: visit.status, attempts: visit.attempts })
      .execute();
    if (result.affected !== 1) throw new ConflictException(`Callback visit ${visit.id} was changed by someone else meanwhile; reload it`);
  }

  /** Ends the attempt in progress, or records one made outside the system (dialled by hand). */
  private async finishAttempt(
    tx: EntityManager,
    visit: CallbackVisit,
    principal: StaffPrincipal,
    now: Date,
    outcome: AttemptOutcome,
    note: string | null,
    callSid: string | null,
  ): Promise<void> {
    if (visit.status === 'in_progress') {
      await tx.update(CallbackAttempt, { visitId: visit.id, number: visit.attempts }, { outcome, note, endedAt: now, ...(callSid ? { callSid } : {}) });
      return;
    }
    await tx.insert(CallbackAttempt, {
      visitId: visit.id,
      number: visit.attempts + 1,
      callSid,
      outcome,
      note,
      byId: principal.staffId,
      byJobNumber: principal.jobNumber,
      startedAt: now,
      endedAt: now,
    });
  }

  private view(v: CallbackVisit, now: Date, masked: boolean): CallbackVisitDto {
    const o = v.workOrder!;
    return {
      id: v.id,
      status: listedStatus(v.status, v.dueAt, now),
      dueAt: v.dueAt,
      closedAt: v.closedAt,
      attempts: v.attempts,
      maxAttempts: this.policy.maxAttempts,
      lastAttemptAt: v.lastAttemptAt,
      workOrder: {
        number: o.number,
        status: o.status,
        category: o.category,
        terminal: o.terminal,
        unit: o.unit ? { code: o.unit.code, name: o.unit.name } : null,
        solution: o.solution,
        description: o.description,
      },
      customer: { name: o.customer?.name ?? null, phone: masked ? maskPhone(o.customerPhone) : o.customerPhone, phoneMasked: masked },
      result:
        v.completedAt && v.satisfaction !== null && v.solved !== null
          ? {
              satisfaction: v.satisfaction,
              solved: v.solved,
              dissatisfied: v.dissatisfied,
              comments: v.comments,
              callSid: v.resultCallSid,
              by: v.completedByJobNumber,
              at: v.completedAt,
            }
          : null,
    };
  }
}
