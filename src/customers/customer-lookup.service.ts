import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { WorkOrder } from '../work-orders/work-order.entity';
import { Customer, CustomerPhone } from './customer.entity';

export interface CustomerLookup {
  customerId: number;
  name: string | null;
  vip: boolean;
  /** Work orders not yet closed — a repeat caller with an open order gets priority. */
  openWorkOrders: number;
}

/** For telephony and routing: who is calling (VIP / repeat-caller priority), by E.164 number. Two indexed reads. */
@Injectable()
export class CustomerLookupService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async lookup(phoneE164: string): Promise<CustomerLookup | null> {
    const phone = await this.db.getRepository(CustomerPhone).findOne({ where: { phone: phoneE164 }, select: { customerId: true } });
    if (!phone) return null;
    const [customer, openWorkOrders] = await Promise.all([
      this.db.getRepository(Customer).findOne({ where: { id: phone.customerId }, select: { id: true, name: true, vip: true } }),
      this.db.getRepository(WorkOrder).countBy({ customerId: phone.customerId, closedAt: IsNull() }),
    ]);
    if (!customer) return null;
    return { customerId: customer.id, name: customer.name, vip: customer.vip, openWorkOrders };
  }
}
