import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { CallbackVisit } from '../../quality/callbacks/callback-visit.entity';
import { CallRecord } from '../../telephony/call-record.entity';
import { SmsMessage } from '../../sms/sms-message.entity';
import { SmsOptOut } from '../../sms/sms-opt-out.entity';
import { toDto as smsView } from '../../sms/sms-messages.service';
import type { SmsMessageDto } from '../../sms/dtos/sms-view.dto';
import { applyScope, inScope } from '../../work-orders/work-order-access';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { Customer, CustomerPhone } from '../customer.entity';
import { maskPhone, masksPhonesFor } from '../phone-masking';
import { normalisePhone } from '../phone-number';
import { customerFromOrders, OrderCustomer } from '../order-customer';
import { OrdersLookupService } from '../../orders/lookup/orders-lookup.service';
import type { SalesOrderDto } from '../../orders/lookup/dtos/sales-order-view.dto';

const MAX_CUSTOMERS = 10;
const MAX_ROWS = 20;
const WORK_ORDER_NUMBER = /^WO\d{8}-\d{6}$/i;

export interface Customer360 {
  /** `id` null: no customer record yet, known from the order system only (see `orderCustomer`). */
  customer: { id: number | null; name: string | null; vip: boolean; memberNumber: string | null; phones: string[] };
  /** Found by a phone with no customer record but with orders: named from the newest of them (not a new customer). */
  orderCustomer: OrderCustomer | null;
  workOrders: {
    number: string;
    status: string;
    type: string;
    category: string;
    channel: string;
    severity: string;
    createdAt: Date;
    dueAt: Date;
    closedAt: Date | null;
  }[];
  /** Calls from the customer's numbers, newest first (not for terminal staff). */
  calls: {
    callSid: string;
    from: string;
    arrivedAt: Date;
    status: string;
    agentJobNumber: string | null;
    queueCode: string | null;
    recordingUrl: string | null;
  }[];
  /** Their newest sales orders (销售订单) from the order system, with deliveries (not for quality monitors). */
  salesOrders: SalesOrderDto[];
  /** Callback visits (回访) after their orders closed. */
  visits: { id: number; workOrderNumber: string; status: string; dueAt: Date; satisfaction: number | null; solved: boolean | null; completedAt: Date | null }[];
  /** SMS to and from the customer's numbers, newest first (not for terminal staff). */
  messages: SmsMessageDto[];
  /** The customer's numbers that opted out of SMS (回复TD退订), as `phones` shows them. */
  smsOptedOut: string[];
}

/**
 * Customer 360: whoever the desk is talking to, found by phone, name or work-order number, with
 * their orders (those the viewer may see), calls and callback visits. Quality monitors see numbers
 * masked; terminal staff only customers they already deal with (an order in their scope, or the
 * customer's own number given at the counter) and no call list.
 */
@Injectable()
export class Customer360Service {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly salesOrders: OrdersLookupService,
  ) {}

  async search(q: string, principal: StaffPrincipal): Promise<{ q: string; matchedBy: 'phone' | 'work_order' | 'name'; customers: Customer360[] }> {
    const text = q.trim();
    const { matchedBy, customerIds } = await this.match(text, principal);
    const customers =
      customerIds.length === 0 ? [] : await this.db.getRepository(Customer).find({ where: { id: In(customerIds) }, relations: { phones: true } });
    const found = await Promise.all(customers.map((c) => this.view(c, principal)));
    const phone = matchedBy === 'phone' && found.length === 0 ? normalisePhone(text) : null;
    if (phone) {
      const buyer = await this.knownByOrders(phone, principal);
      if (buyer) return { q: text, matchedBy, customers: [buyer] };
    }
    const visible = principal.roles.some((r) => r !== 'terminal') || matchedBy === 'phone' ? found : found.filter((c) => c.workOrders.length > 0);
    return { q: text, matchedBy, customers: visible.sort((a, b) => customerIds.indexOf(a.customer.id!) - customerIds.indexOf(b.customer.id!)) };
  }

  private async match(text: string, principal: StaffPrincipal): Promise<{ matchedBy: 'phone' | 'work_order' | 'name'; customerIds: number[] }> {
    if (WORK_ORDER_NUMBER.test(text)) {
      const order = await this.db.getRepository(WorkOrder).findOneBy({ number: text.toUpperCase() });
      return { matchedBy: 'work_order', customerIds: order && inScope(principal, order) ? [order.customerId] : [] };
    }
    const phone = /^[+0-9][0-9 ()\-.]+$/.test(text) ? normalisePhone(text) : null;
    if (phone) {
      const row = await this.db.getRepository(CustomerPhone).findOne({ where: { phone }, select: { customerId: true } });
      return { matchedBy: 'phone', customerIds: row ? [row.customerId] : [] };
    }
    const rows = await this.db
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where("c.name LIKE :prefix ESCAPE '!'", { prefix: `${text.replace(/[!%_]/g, (ch) => `!${ch}`)}%` })
      .orderBy('c.id', 'DESC')
      .limit(MAX_CUSTOMERS)
      .getRawMany<{ id: number | string }>();
    return { matchedBy: 'name', customerIds: rows.map((r) => Number(r.id)) };
  }

  /**
   * A number with no customer record but with orders: the buyer as the order system knows them, with
   * their calls and orders (quality monitors, who see no orders, get nothing).
   */
  private async knownByOrders(phone: string, principal: StaffPrincipal): Promise<Customer360 | null> {
    if (masksPhonesFor(principal.roles)) return null;
    const orders = await this.salesOrders.byPhone(phone, 5);
    const buyer = customerFromOrders(orders.map((o) => ({ number: o.number, customerName: o.customerName, bookings: [...o.bookings].reverse() })));
    if (!buyer) return null;
    // No record to read work orders or visits by: a customer of no id, read by their number alone.
    const unrecorded = Object.assign(new Customer(), { id: 0, name: buyer.name, vip: false, memberNumber: null, phones: [{ phone } as CustomerPhone] });
    const view = await this.view(unrecorded, principal);
    return { ...view, customer: { ...view.customer, id: null }, orderCustomer: buyer };
  }

  private async view(customer: Customer, principal: StaffPrincipal): Promise<Customer360> {
    const masked = masksPhonesFor(principal.roles);
    const show = (phone: string) => (masked ? maskPhone(phone) : phone);
    const phones = (customer.phones ?? []).map((p) => p.phone).sort();
    const orders = this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .where('o.customerId = :customerId', { customerId: customer.id })
      .orderBy('o.id', 'DESC')
      .take(MAX_ROWS);
    applyScope(orders, principal);
    const terminalOnly = principal.roles.every((r) => r === 'terminal');
    const [workOrders, calls] = await Promise.all([
      orders.getMany(),
      terminalOnly || phones.length === 0
        ? []
        : this.db.getRepository(CallRecord).find({ where: { fromNumber: In(phones) }, order: { arrivedAt: 'DESC', id: 'DESC' }, take: MAX_ROWS }),
    ]);
    const [messages, optOuts] =
      terminalOnly || phones.length === 0
        ? [[], []]
        : await Promise.all([
            this.db.getRepository(SmsMessage).find({ where: { phone: In(phones) }, order: { id: 'DESC' }, take: MAX_ROWS }),
            this.db.getRepository(SmsOptOut).find({ where: { phone: In(phones), optedOut: true } }),
          ]);
    const salesOrders = masked
      ? []
      : (await Promise.all(phones.map((p) => this.salesOrders.byPhone(p, 5)))).flat().sort((a, b) => b.soldAt.getTime() - a.soldAt.getTime());
    const visits =
      workOrders.length === 0
        ? []
        : await this.db.getRepository(CallbackVisit).find({ where: { workOrderId: In(workOrders.map((o) => o.id)) }, order: { id: 'DESC' }, take: MAX_ROWS });
    return {
      customer: { id: customer.id, name: customer.name, vip: customer.vip, memberNumber: customer.memberNumber, phones: phones.map(show) },
      orderCustomer: null,
      workOrders: workOrders.map((o) => ({
        number: o.number,
        status: o.status,
        type: o.type,
        category: o.category,
        channel: o.channel,
        severity: o.severity,
        createdAt: o.createdAt,
        dueAt: o.dueAt,
        closedAt: o.closedAt,
      })),
      calls: calls.map((c) => ({
        callSid: c.callSid,
        from: show(c.fromNumber),
        arrivedAt: c.arrivedAt,
        status: c.status,
        agentJobNumber: c.agentJobNumber,
        queueCode: c.queueCode,
        recordingUrl: c.recordingUrl,
      })),
      salesOrders,
      visits: visits.map((v) => ({
        id: v.id,
        workOrderNumber: v.workOrderNumber,
        status: v.status,
        dueAt: v.dueAt,
        satisfaction: v.satisfaction,
        solved: v.solved,
        completedAt: v.completedAt,
      })),
      messages: messages.map((m) => smsView(m, principal)),
      smsOptedOut: optOuts.map((o) => show(o.phone)),
    };
  }
}
