import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PinoLogger } from 'nestjs-pino';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { DomainError } from '../../http/errors/domain-error';
import { CallRecord } from '../../telephony/call-record.entity';
import { WorkOrderAttachment } from '../../work-orders/work-order-attachment.entity';
import { WorkOrderCall } from '../../work-orders/work-order-call.entity';
import { WorkOrderRemark } from '../../work-orders/work-order-remark.entity';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { Customer, CustomerPhone } from '../customer.entity';
import { CustomersService } from '../customers.service';
import { ErasureResult, PersonalDataExport, PersonalDataRequestPage, PersonalDataRequestsQuery, PersonalDataSubject } from './dtos/personal-data.dto';
import { PersonalDataAction, PersonalDataRequest } from './personal-data-request.entity';

/** Callback visits (回访) still to be made dial the customer: an erasure waits for them. */
const OPEN_CALLBACK_STATUSES = ['scheduled', 'in_progress'];

/**
 * A customer's personal data under PIPL: a copy on request (art. 45) and erasure (art. 47), each
 * recorded in `personal_data_request` (who, when, why, what — counts only). Erasure anonymises
 * rather than deletes: the work orders and calls stay, for the quality figures and KPIs that count
 * them, but nothing in them names or reaches the customer any more — name, member number, addresses
 * and phone numbers are cleared (the numbers also on the work orders and call records), recording
 * links cleared, photos deleted. Free text typed by staff (descriptions, remarks) is kept.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('personal-data');
  }

  /** Everything held about the customer, recorded as an export. */
  async export(customerId: number, actorJobNumber: string, reason: string): Promise<PersonalDataExport> {
    return this.tx.run(async (tx) => {
      const customer = await this.customerOrThrow(tx, customerId);
      const phones = customer.phones!.map((p) => p.phone).sort();
      const orders = await tx.find(WorkOrder, { where: { customerId }, order: { id: 'ASC' } });
      const orderIds = orders.map((o) => o.id);
      const [remarks, attachments, calls] = await Promise.all([
        orderIds.length ? tx.find(WorkOrderRemark, { where: { workOrderId: In(orderIds) }, order: { id: 'ASC' } }) : [],
        tx.find(WorkOrderAttachment, { where: { customerId }, order: { id: 'ASC' } }),
        this.callsOf(tx, phones, orderIds),
      ]);
      const exported: PersonalDataExport = {
        exportedAt: new Date(this.clock.now()),
        customer: {
          id: customer.id,
          name: customer.name,
          memberNumber: customer.memberNumber,
          vip: customer.vip,
          createdAt: customer.createdAt,
          phones,
          addresses: customer.addresses,
        },
        workOrders: orders.map((o) => ({
          number: o.number,
          type: o.type,
          category: o.category,
          terminal: o.terminal,
          status: o.status,
          channel: o.channel,
          customerPhone: o.customerPhone,
          description: o.description,
          product: o.product,
          externalOrderNumber: o.externalOrderNumber,
          solution: o.solution,
          createdAt: o.createdAt,
          closedAt: o.closedAt,
          remarks: remarks.filter((r) => r.workOrderId === o.id).map((r) => ({ reason: r.reason, by: r.authorJobNumber, at: r.createdAt })),
          attachments: attachments
            .filter((a) => a.workOrderId === o.id)
            .map((a) => ({ originalName: a.originalName, contentType: a.contentType, sizeBytes: a.sizeBytes, uploadedAt: a.uploadedAt })),
        })),
        calls: calls.map((c) => ({
          callSid: c.callSid,
          direction: c.direction,
          fromNumber: c.fromNumber,
          toNumber: c.toNumber,
          arrivedAt: c.arrivedAt,
          endedAt: c.endedAt,
          agentJobNumber: c.agentJobNumber,
          recordingUrl: c.recordingUrl,
        })),
      };
      await this.record(tx, customerId, 'export', actorJobNumber, reason, {
        workOrders: orders.length,
        calls: calls.length,
        attachments: attachments.length,
        phones: phones.length,
      });
      return exported;
    });
  }

  /**
   * Anonymises the customer (see the class comment) in one transaction with its audit entry; the
   * photos are deleted after the commit. 409 while the customer has an open work order or a callback
   * visit still to make — the data is still in use.
   */
  async erase(
    customerId: number,
    actorJobNumber: string,
    reason: string,
    action: Extract<PersonalDataAction, 'erasure' | 'retention'> = 'erasure',
  ): Promise<ErasureResult> {
    const now = new Date(this.clock.now());
    const summary = await this.tx.run(async (tx) => {
      const customer = await this.customerOrThrow(tx, customerId);
      const open = await tx.count(WorkOrder, { where: { customerId, closedAt: IsNull() } });
      if (open > 0)
        throw new DomainError(
          'personal_data.open_work_orders',
          { customerId, open },
          `Customer ${customerId} has ${open} open work order(s); close them before erasing their personal data`,
        );
      if ((await this.callbacksDue(tx, customerId)) > 0)
        throw new DomainError('personal_data.callback_due', { customerId }, `Customer ${customerId} has a callback visit still to make; erase after it`);

      const phones = customer.phones!.map((p) => p.phone);
      const orderIds = (await tx.find(WorkOrder, { where: { customerId }, select: { id: true } })).map((o) => o.id);
      const linkedSids = orderIds.length
        ? (await tx.find(WorkOrderCall, { where: { workOrderId: In(orderIds) }, select: { callSid: true } })).map((l) => l.callSid)
        : [];
      const recordings = await this.clearRecordings(tx, phones, linkedSids);
      let calls = 0;
      if (phones.length) {
        for (const column of ['fromNumber', 'toNumber'] as const) {
          const result = await tx
            .createQueryBuilder()
            .update(CallRecord)
            .set({ [column]: '' })
            .where(`${column} IN (:...phones)`, { phones })
            .execute();
          calls += result.affected ?? 0;
        }
      }
      const workOrders = (await tx.update(WorkOrder, { customerId }, { customerPhone: '' })).affected ?? 0;
      const attachments = (await tx.delete(WorkOrderAttachment, { customerId })).affected ?? 0;
      await tx.delete(CustomerPhone, { customerId });
      await tx.update(Customer, { id: customerId }, { name: null, memberNumber: null, vip: false, addresses: [], updatedAt: now });
      const counts = { workOrders, calls, recordings, attachments, phones: phones.length };
      await this.record(tx, customerId, action, actorJobNumber, reason, counts);
      return counts;
    });
    // After the commit: a rollback must not lose photos the orders still list.
    await rm(join(this.config.ATTACHMENTS_DIR, String(customerId)), { recursive: true, force: true }).catch((error: unknown) =>
      this.logger.error({ err: error, customerId }, 'could not delete an erased customer’s photos'),
    );
    return { customerId, erasedAt: now, summary };
  }

  /** Clears the recording links of calls older than `before` (RECORDING_RETENTION_DAYS); how many. */
  async expireRecordings(before: Date): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .update(CallRecord)
      .set({ recordingUrl: null })
      .where('arrivedAt < :before', { before })
      .andWhere('recordingUrl IS NOT NULL')
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Customers not erased yet whose last activity is before `before`: no open work order, none
   * changed since, no call from or to their numbers since. Up to `limit`, by id after `afterId`.
   */
  async inactiveCustomers(before: Date, afterId: number, limit: number): Promise<number[]> {
    const rows: Array<{ id: number | string }> = await this.db
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.id > :afterId', { afterId })
      .andWhere('c.updatedAt < :before', { before })
      .andWhere('EXISTS (SELECT 1 FROM customer_phone p WHERE p.customerId = c.id)')
      .andWhere(
        new Brackets((qb) =>
          qb.where('NOT EXISTS (SELECT 1 FROM work_order w WHERE w.customerId = c.id AND (w.closedAt IS NULL OR w.updatedAt >= :before))', { before }),
        ),
      )
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM customer_phone p JOIN call_record r ON r.fromNumber = p.phone WHERE p.customerId = c.id AND r.arrivedAt >= :before)',
        { before },
      )
      .orderBy('c.id', 'ASC')
      .limit(limit)
      .getRawMany();
    return rows.map((r) => Number(r.id));
  }

  /**
   * The customer a request is about, found by one of their phone numbers (any usual format), with
   * what an erasure would wait for. Not recorded: it shows no more than the admin is about to export.
   */
  async findSubject(phoneInput: string): Promise<PersonalDataSubject> {
    const phone = CustomersService.phoneOrThrow(phoneInput);
    const owner = await this.db.getRepository(CustomerPhone).findOne({ where: { phone }, select: { customerId: true } });
    if (!owner) throw new DomainError('customer.not_found', { phone: phoneInput }, `No customer with phone ${phoneInput}`);
    const manager = this.db.manager;
    const customer = await this.customerOrThrow(manager, owner.customerId);
    const [workOrders, openWorkOrders, callbacksDue] = await Promise.all([
      manager.count(WorkOrder, { where: { customerId: customer.id } }),
      manager.count(WorkOrder, { where: { customerId: customer.id, closedAt: IsNull() } }),
      this.callbacksDue(manager, customer.id),
    ]);
    return {
      customerId: customer.id,
      name: customer.name,
      memberNumber: customer.memberNumber,
      vip: customer.vip,
      phones: customer.phones!.map((p) => p.phone).sort(),
      workOrders,
      openWorkOrders,
      callbacksDue,
    };
  }

  /** Callback visits (回访) of the customer's orders still to be made. */
  private async callbacksDue(manager: EntityManager, customerId: number): Promise<number> {
    const [{ visits }] = await manager.query<{ visits: number | string }[]>(
      'SELECT COUNT(*) AS visits FROM callback_visit v JOIN work_order w ON w.id = v.workOrderId WHERE w.customerId = ? AND v.status IN (?, ?)',
      [customerId, ...OPEN_CALLBACK_STATUSES],
    );
    return Number(visits);
  }

  async listRequests(query: PersonalDataRequestsQuery): Promise<PersonalDataRequestPage> {
    const limit = query.limit ?? 20;
    const qb = this.db
      .getRepository(PersonalDataRequest)
      .createQueryBuilder('r')
      .orderBy('r.id', 'DESC')
      .take(limit + 1);
    if (query.customerId) qb.andWhere('r.customerId = :customerId', { customerId: query.customerId });
    if (query.action) qb.andWhere('r.action = :action', { action: query.action });
    if (query.cursor) qb.andWhere('r.id < :before', { before: decodeCursor('pd', query.cursor, 1)[0] });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ id: r.id, customerId: r.customerId, action: r.action, by: r.actorJobNumber, at: r.at, reason: r.reason, summary: r.summary })),
      nextCursor: rows.length > limit ? encodeCursor('pd', page[page.length - 1].id) : null,
    };
  }

  private async customerOrThrow(tx: EntityManager, customerId: number): Promise<Customer> {
    const customer = await tx.findOne(Customer, { where: { id: customerId }, relations: { phones: true } });
    if (!customer) throw new DomainError('customer.not_found', { customerId }, `No customer ${customerId}`);
    return customer;
  }

  /** The customer's calls: from or to one of their numbers, or linked to one of their work orders. */
  private async callsOf(tx: EntityManager, phones: string[], orderIds: number[]): Promise<CallRecord[]> {
    const linked = orderIds.length
      ? (await tx.find(WorkOrderCall, { where: { workOrderId: In(orderIds) }, select: { callSid: true } })).map((l) => l.callSid)
      : [];
    if (!phones.length && !linked.length) return [];
    const qb = tx.getRepository(CallRecord).createQueryBuilder('r').orderBy('r.id', 'ASC');
    qb.where('1 = 0');
    if (phones.length) qb.orWhere('r.fromNumber IN (:...phones)', { phones }).orWhere('r.toNumber IN (:...phones)', { phones });
    if (linked.length) qb.orWhere('r.callSid IN (:...linked)', { linked });
    return qb.getMany();
  }

  private async clearRecordings(tx: EntityManager, phones: string[], linkedSids: string[]): Promise<number> {
    if (!phones.length && !linkedSids.length) return 0;
    const qb = tx
      .createQueryBuilder()
      .update(CallRecord)
      .set({ recordingUrl: null })
      .where('recordingUrl IS NOT NULL')
      .andWhere(
        new Brackets((or) => {
          or.where('1 = 0');
          if (phones.length) or.orWhere('fromNumber IN (:...phones)', { phones }).orWhere('toNumber IN (:...phones)', { phones });
          if (linkedSids.length) or.orWhere('callSid IN (:...linkedSids)', { linkedSids });
        }),
      );
    return (await qb.execute()).affected ?? 0;
  }

  private async record(
    tx: EntityManager,
    customerId: number,
    action: PersonalDataAction,
    actorJobNumber: string,
    reason: string | null,
    summary: Record<string, number>,
  ): Promise<void> {
    await tx.save(PersonalDataRequest, tx.create(PersonalDataRequest, { customerId, action, actorJobNumber, at: new Date(this.clock.now()), reason, summary }));
  }
}
