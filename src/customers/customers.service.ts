import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { hydrateRow } from '../database/hydrate-row';
import { sqlPlaceholders } from '../database/sql-placeholders';
import { TransactionRunner } from '../database/transaction-runner';
import { CallRecord } from '../telephony/call-record.entity';
import { WorkOrderCall } from '../work-orders/work-order-call.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { applyScope } from '../work-orders/work-order-access';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { Customer, CustomerPhone } from './customer.entity';
import { AddPhoneDto, CreateCustomerDto, CustomerHistoryView, CustomerView, PreviousCall, UpdateCustomerDto } from './dtos/customer.dto';
import { normalisePhone } from './phone-number';
import { customerFromOrders, OrderCustomer, OrderOfCaller } from './order-customer';
import { DomainError } from '../http/errors/domain-error';

const HISTORY_LIMIT = 50;
/** A number's newest orders read to name an unknown caller. */
const ORDERS_READ = 5;

/** The customer file (顾客档案): customers keyed by their phone numbers, and their history. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /** E.164 form of `input`, or 400 naming `field`. */
  static phoneOrThrow(input: string, field = 'phone'): string {
    const phone = normalisePhone(input);
    if (!phone) throw new DomainError('customer.phone_invalid', { field, phone: input }, `${field} "${input}" is not a valid phone number`);
    return phone;
  }

  async create(input: CreateCustomerDto): Promise<CustomerView> {
    const now = new Date(this.clock.now());
    const phones = [...new Set(input.phones.map((p, i) => CustomersService.phoneOrThrow(p, `phones.${i}`)))];
    const id = await this.tx.run(async (tx) => {
      const taken = await tx.find(CustomerPhone, { where: { phone: In(phones) } });
      if (taken.length) throw new ConflictException(`phone ${taken[0].phone} already belongs to customer ${taken[0].customerId}`);
      const customer = await tx.save(
        Customer,
        tx.create(Customer, {
          name: input.name ?? null,
          memberNumber: input.memberNumber ?? null,
          vip: input.vip ?? false,
          addresses: input.addresses ?? [],
          createdAt: now,
          updatedAt: now,
        }),
      );
      for (const phone of phones) await tx.insert(CustomerPhone, { customerId: customer.id, phone, addedAt: now });
      return customer.id;
    });
    return this.get(id);
  }

  async get(id: number): Promise<CustomerView> {
    const customer = await this.db.getRepository(Customer).findOne({ where: { id }, relations: { phones: true } });
    if (!customer) throw new NotFoundException(`No customer ${id}`);
    return toView(customer);
  }

  async update(id: number, input: UpdateCustomerDto): Promise<CustomerView> {
    const now = new Date(this.clock.now());
    await this.tx.run(async (tx) => {
      const customer = await tx.findOneBy(Customer, { id });
      if (!customer) throw new NotFoundException(`No customer ${id}`);
      for (const [key, value] of Object.entries(input)) if (value !== undefined) (customer as unknown as Record<string, unknown>)[key] = value;
      customer.updatedAt = now;
      await tx.save(Customer, customer);
    });
    return this.get(id);
  }

  async addPhone(id: number, input: AddPhoneDto): Promise<CustomerView> {
    const now = new Date(this.clock.now());
    const phone = CustomersService.phoneOrThrow(input.phone);
    await this.tx.run(async (tx) => {
      if (!(await tx.existsBy(Customer, { id }))) throw new NotFoundException(`No customer ${id}`);
      const holder = await tx.findOneBy(CustomerPhone, { phone });
      if (holder && holder.customerId !== id) throw new ConflictException(`phone ${phone} already belongs to customer ${holder.customerId}`);
      if (!holder) await tx.insert(CustomerPhone, { customerId: id, phone, addedAt: now });
    });
    return this.get(id);
  }

  /**
   * The customer of each caller's (E.164) number, creating one when the number is new — inside the
   * caller's transaction, all the numbers looked up in one statement (a batch of work orders). A
   * caller's name fills in a customer's missing one.
   */
  async findOrCreateByPhones(tx: EntityManager, callers: ReadonlyArray<{ phone: string; name: string | null }>, now: Date): Promise<Customer[]> {
    const phones = [...new Set(callers.map((c) => c.phone))];
    // A plain statement: this runs on every work order's creation.
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT c.*, p.phone AS matchedPhone FROM customer c JOIN customer_phone p ON p.customerId = c.id WHERE p.phone IN (${sqlPlaceholders(phones)})`,
      phones,
    );
    const byPhone = new Map(rows.map((row) => [String(row.matchedPhone), hydrateRow(tx, Customer, row)]));
    // A number new to the customer file may have bought from the chain: the customer is made from their newest order.
    const fromOrders = await this.orderCustomers(
      tx,
      phones.filter((p) => !byPhone.has(p)),
    );
    const found: Customer[] = [];
    for (const { phone, name } of callers) {
      let customer = byPhone.get(phone);
      if (!customer) {
        const buyer = fromOrders.get(phone);
        customer = await tx.save(
          Customer,
          tx.create(Customer, {
            name: name ?? buyer?.name ?? null,
            memberNumber: null,
            vip: false,
            addresses: buyer?.address ? [{ label: buyer.orderNumber, address: buyer.address }] : [],
            createdAt: now,
            updatedAt: now,
          }),
        );
        await tx.insert(CustomerPhone, { customerId: customer.id, phone, addedAt: now });
        byPhone.set(phone, customer);
      } else if (name && !customer.name) {
        customer.name = name;
        customer.updatedAt = now;
        await tx.update(Customer, { id: customer.id }, { name, updatedAt: now });
      }
      found.push(customer);
    }
    return found;
  }

  /** Customer id for an E.164 number, if any. */
  async customerIdFor(phone: string): Promise<number | null> {
    const row = await this.db.getRepository(CustomerPhone).findOne({ where: { phone }, select: { customerId: true } });
    return row?.customerId ?? null;
  }

  /**
   * The screen pop: who is calling, and the work orders (with their calls) `principal` may see —
   * the rule of GET /work-orders/:number (work-order-access.ts) — newest first. `openWorkOrders`
   * counts all the customer's open orders: the repeat-caller fact routing uses, naming none.
   */
  async historyByPhone(input: string, principal: StaffPrincipal): Promise<CustomerHistoryView> {
    const now = new Date(this.clock.now());
    const phone = CustomersService.phoneOrThrow(input);
    const [customerId, previousCalls] = await Promise.all([this.customerIdFor(phone), this.previousCalls(phone)]);
    if (customerId === null) {
      const orderCustomer = (await this.orderCustomers(this.db.manager, [phone])).get(phone) ?? null;
      return { phone, customer: null, orderCustomer, openWorkOrders: 0, workOrders: [], calls: [], previousCalls };
    }
    const visible = this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .where('o.customerId = :customerId', { customerId })
      .orderBy('o.id', 'DESC')
      .take(HISTORY_LIMIT);
    applyScope(visible, principal);
    const [customer, orders, openWorkOrders] = await Promise.all([
      this.get(customerId),
      visible.getMany(),
      this.db.getRepository(WorkOrder).countBy({ customerId, closedAt: IsNull() }),
    ]);
    const links = orders.length
      ? await this.db.getRepository(WorkOrderCall).find({ where: { workOrderId: In(orders.map((o) => o.id)) }, order: { linkedAt: 'DESC', id: 'DESC' } })
      : [];
    const numberOf = new Map(orders.map((o) => [o.id, o.number]));
    return {
      phone,
      customer,
      orderCustomer: null,
      openWorkOrders,
      workOrders: orders.map((o) => ({
        number: o.number,
        status: o.status,
        type: o.type,
        category: o.category,
        terminal: o.terminal,
        severity: o.severity,
        description: o.description,
        createdAt: o.createdAt,
        dueAt: o.dueAt,
        closedAt: o.closedAt,
        overdue: o.closedAt === null && o.dueAt.getTime() < now.getTime(),
        callSids: links.filter((l) => l.workOrderId === o.id).map((l) => l.callSid),
      })),
      calls: links.map((l) => ({ callSid: l.callSid, workOrderNumber: numberOf.get(l.workOrderId)!, linkedAt: l.linkedAt })),
      previousCalls,
    };
  }

  /**
   * Who each number is by the order system (its newest orders' name and address), for numbers with no
   * customer record: one statement a number, its newest five orders by `IDX_sales_order_phone`.
   */
  private async orderCustomers(manager: EntityManager, phones: readonly string[]): Promise<Map<string, OrderCustomer>> {
    const out = new Map<string, OrderCustomer>();
    for (const phone of phones) {
      const rows: { number: string; customerName: string | null; address: string | null }[] = await manager.query(
        `SELECT o.number AS number, o.customerName AS customerName, b.address AS address
           FROM (SELECT id, number, customerName, soldAt FROM sales_order WHERE customerPhone = ? ORDER BY soldAt DESC, id DESC LIMIT ${ORDERS_READ}) o
           LEFT JOIN delivery_booking b ON b.orderId = o.id
          ORDER BY o.soldAt DESC, o.id DESC, b.day DESC, b.id DESC`,
        [phone],
      );
      const orders: OrderOfCaller[] = [];
      for (const row of rows) {
        if (orders.at(-1)?.number !== row.number) orders.push({ number: row.number, customerName: row.customerName, bookings: [] });
        if (row.address !== null) orders.at(-1)!.bookings.push({ address: row.address });
      }
      const buyer = customerFromOrders(orders);
      if (buyer) out.set(phone, buyer);
    }
    return out;
  }

  /** The number's calls to the hotline, newest first (`IDX_call_record_from`). */
  private async previousCalls(phone: string): Promise<PreviousCall[]> {
    const rows = await this.db.getRepository(CallRecord).find({
      where: { fromNumber: phone },
      select: { callSid: true, arrivedAt: true, outcome: true, queueCode: true, agentJobNumber: true },
      order: { arrivedAt: 'DESC', id: 'DESC' },
      take: HISTORY_LIMIT,
    });
    return rows.map((r) => ({ callSid: r.callSid, arrivedAt: r.arrivedAt, outcome: r.outcome, queue: r.queueCode, agentJobNumber: r.agentJobNumber }));
  }
}

function toView(c: Customer): CustomerView {
  return {
    id: c.id,
    name: c.name,
    phones: (c.phones ?? []).map((p) => p.phone).sort(),
    memberNumber: c.memberNumber,
    vip: c.vip,
    addresses: c.addresses,
    createdAt: c.createdAt,
  };
}
