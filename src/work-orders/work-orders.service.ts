import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { maskPhone, masksPhonesFor } from '../customers/phone-masking';
import { PhoneViewsService } from '../customers/phone-views.service';
import { insertRows } from '../database/insert-rows';
import { TransactionRunner } from '../database/transaction-runner';
import { SearchIndexService } from '../search/search-index.service';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { RemarkDto } from './dtos/work-order.dto';
import { inScope, seesAll } from './work-order-access';
import { WorkOrderAudit } from './work-order-audit.entity';
import { WorkOrderCall } from './work-order-call.entity';
import { WorkOrderRemark } from './work-order-remark.entity';
import { RemarkView, remarkView, workOrderView, WorkOrderView } from './work-order-view';
import { Severity, WorkOrder } from './work-order.entity';
import { DomainError } from '../http/errors/domain-error';
import { remarkDocument, workOrderDocument } from './work-order-search-document';
import { changedEvent, WorkOrderChanged, WorkOrderEvents } from './work-order-events.service';

export interface AuditEntry {
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

/**
 * Work orders (工单): one order read and opened, calls linked, remarks, the audit trail, and what the
 * creation, search and lifecycle services share (scope, audit entries, units, job numbers).
 */
@Injectable()
export class WorkOrdersService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly phoneViews: PhoneViewsService,
    private readonly events: WorkOrderEvents,
    private readonly searchIndex: SearchIndexService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  // ── read ────────────────────────────────────────────────────────────────────────────────────

  /** The order with its calls and remarks; quality monitors see the customer's number masked (as after every action). */
  async get(number: string, principal: StaffPrincipal): Promise<WorkOrderView> {
    return maskedForViewer(await this.load(number, principal), principal);
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
    if (!order || !inScope(principal, order)) throw workOrderNotFound(number);
    const [calls, remarks] = await Promise.all([
      this.db.getRepository(WorkOrderCall).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } }),
      this.db.getRepository(WorkOrderRemark).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } }),
    ]);
    const jobNumbers = await this.jobNumbers([order]);
    return {
      id: order.id,
      view: workOrderView(order, new Date(this.clock.now()), jobNumbers, order.unit, {
        calls,
        remarks: remarks.map((r) => remarkView(r, this.config.SITE_UTC_OFFSET_MINUTES)),
        roles: principal.roles,
      }),
    };
  }

  /** The audit trail: who, what, when, before and after. */
  async auditTrail(number: string, principal: StaffPrincipal) {
    const order = await this.findVisible(this.db.manager, number, principal);
    const rows = await this.db.getRepository(WorkOrderAudit).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } });
    return rows.map((r) => ({ action: r.action, by: r.actorJobNumber ?? 'system', at: r.at, before: r.before, after: r.after, note: r.note }));
  }

  // ── calls and remarks ───────────────────────────────────────────────────────────────────────

  /** Links a call (by Twilio CallSid) to a work order; idempotent. For telephony and the softphone; `principal` null = the system. */
  async linkCall(workOrderNumber: string, callSid: string, principal: StaffPrincipal | null): Promise<CallLinkResult> {
    return this.tx.run(async (tx) => {
      const order = principal ? await this.findVisible(tx, workOrderNumber, principal) : await tx.findOneBy(WorkOrder, { number: workOrderNumber });
      if (!order) throw workOrderNotFound(workOrderNumber);
      const existing = await tx.findOneBy(WorkOrderCall, { workOrderId: order.id, callSid });
      if (existing) return { workOrderNumber, callSid, linkedAt: existing.linkedAt, alreadyLinked: true };
      const now = new Date(this.clock.now());
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
    return links
      .filter((l) => byId.has(l.workOrderId))
      .map((l) => {
        const o = byId.get(l.workOrderId)!;
        return {
          number: o.number,
          status: o.status,
          type: o.type,
          category: o.category,
          severity: o.severity,
          customerPhone: o.customerPhone,
          createdAt: o.createdAt,
          linkedAt: l.linkedAt,
        };
      });
  }

  /** A remark "reason + agent + date" with an optional colour flag. Does not change the order's version. */
  async addRemark(number: string, input: RemarkDto, principal: StaffPrincipal): Promise<RemarkView> {
    let changed: WorkOrderChanged | undefined;
    const remark = await this.tx.run(async (tx) => {
      const order = await this.findVisible(tx, number, principal);
      const now = new Date(this.clock.now());
      const saved = await tx.save(
        WorkOrderRemark,
        tx.create(WorkOrderRemark, {
          workOrderId: order.id,
          flag: input.flag ?? null,
          reason: input.reason,
          authorId: principal.staffId,
          authorJobNumber: principal.jobNumber,
          createdAt: now,
        }),
      );
      if (!order.firstRespondedAt) {
        await tx
          .createQueryBuilder()
          .update(WorkOrder)
          .set({ firstRespondedAt: now, version: () => 'version' })
          .where('id = :id AND firstRespondedAt IS NULL', { id: order.id })
          .execute();
      }
      await this.searchIndex.add(tx, 'work_order', [remarkDocument(order.id, saved.reason)]);
      await this.audit(tx, order.id, 'remark', principal, now, null, { flag: saved.flag, reason: saved.reason }, null);
      changed = changedEvent(order, 'remark', now);
      return saved;
    });
    this.publishChanged(changed);
    return remarkView(remark, this.config.SITE_UTC_OFFSET_MINUTES);
  }

  // ── shared ──────────────────────────────────────────────────────────────────────────────────

  /** The order by number if the principal may see it, else 404. */
  async findVisible(manager: EntityManager, number: string, principal: StaffPrincipal): Promise<WorkOrder> {
    const order = await manager.findOneBy(WorkOrder, { number });
    if (!order || !inScope(principal, order)) throw workOrderNotFound(number);
    return order;
  }

  /** The order's search postings written anew from its text and every remark (after an edit of the text). */
  async reindex(tx: EntityManager, order: Pick<WorkOrder, 'id' | 'description' | 'product' | 'externalOrderNumber'>): Promise<void> {
    const remarks = await tx.find(WorkOrderRemark, { where: { workOrderId: order.id }, select: { reason: true }, order: { id: 'ASC' } });
    await this.searchIndex.replace(
      tx,
      'work_order',
      workOrderDocument(
        order,
        remarks.map((r) => r.reason),
      ),
    );
  }

  async audit(
    tx: EntityManager,
    workOrderId: number,
    action: string,
    actor: StaffPrincipal | null,
    at: Date,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    note: string | null,
  ): Promise<void> {
    await this.auditAll(tx, [{ workOrderId, action, actor, at, before, after, note }]);
  }

  async auditAll(tx: EntityManager, entries: AuditEntry[]): Promise<void> {
    await insertRows(
      tx,
      WorkOrderAudit,
      entries.map(({ actor, ...entry }) => tx.create(WorkOrderAudit, { ...entry, actorId: actor?.staffId ?? null, actorJobNumber: actor?.jobNumber ?? null })),
    );
  }

  async unitOrThrow(code: string, field: string): Promise<TerminalUnit> {
    const unit = await this.db.getRepository(TerminalUnit).findOneBy({ code });
    if (!unit) throw new DomainError('unit.unknown', { field, unit: code }, `${field} ${code} is not a known unit`);
    return unit;
  }

  async unitById(id: number): Promise<TerminalUnit | null> {
    return this.db.getRepository(TerminalUnit).findOneBy({ id });
  }

  /**
   * The second half of a deferred join: lists pick a page's ids with an index alone, then read those
   * orders (with customer and unit) here, in the ids' order.
   */
  async findInOrder(ids: number[]): Promise<WorkOrder[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.customer', 'customer')
      .leftJoinAndSelect('o.unit', 'unit')
      .whereInIds(ids)
      .getMany();
    const byId = new Map(rows.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id)).filter((o): o is WorkOrder => o !== undefined);
  }

  async jobNumbers(orders: WorkOrder[]): Promise<Map<number, string>> {
    const ids = new Set<number>();
    for (const o of orders) for (const id of [o.createdById, o.agentId, o.acceptanceRecordedById]) if (id !== null) ids.add(id);
    if (ids.size === 0) return new Map();
    const staff = await this.db.getRepository(Staff).find({ where: { id: In([...ids]) }, select: { id: true, jobNumber: true } });
    return new Map(staff.map((s) => [s.id, s.jobNumber]));
  }

  /** Announces a committed change of an order to those who can see it (the /softphone socket's `work-order-changed`). */
  publishChanged(event: WorkOrderChanged | undefined): void {
    if (event) this.events.publish(event);
  }

  /** For the controller: whether the principal may see everything (used for the notifications list). */
  seesAll(principal: StaffPrincipal): boolean {
    return seesAll(principal);
  }
}

/** Lists, and answers to actions, show quality monitors the customer's number masked (138****5678). */
export function maskedForViewer({ view }: { view: WorkOrderView }, principal: StaffPrincipal): WorkOrderView {
  return masksPhonesFor(principal.roles) ? { ...view, customer: { ...view.customer, phone: maskPhone(view.customer.phone) } } : view;
}

/** Out of scope reads as not found, the same answer as a number that does not exist. */
export function workOrderNotFound(number: string): DomainError {
  return new DomainError('work_order.not_found', { number }, `No work order ${number}`);
}
