import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CustomerLookup {
  customerId: number;
  name: string | null;
  vip: boolean;
  /** Work orders not yet closed — a repeat caller with an open order gets priority. */
  openWorkOrders: number;
}

/** For telephony and routing: who is calling (VIP / repeat-caller priority), by E.164 number. */
@Injectable()
export class CustomerLookupService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async lookup(phoneE164: string): Promise<CustomerLookup | null> {
    // One plain statement over the phone's unique index and the orders-by-customer index: this runs
    // on every incoming call, and TypeORM's find builders cost more than the reads themselves.
    const rows: Array<{ id: number; name: string | null; vip: number | boolean; openWorkOrders: number | string }> = await this.db.query(
      'SELECT c.id AS id, c.name AS name, c.vip AS vip, ' +
        '(SELECT COUNT(*) FROM work_order w WHERE w.customerId = c.id AND w.closedAt IS NULL) AS openWorkOrders ' +
        'FROM customer_phone p JOIN customer c ON c.id = p.customerId WHERE p.phone = ?',
      [phoneE164],
    );
    if (rows.length === 0) return null;
    const [customer] = rows;
    return { customerId: Number(customer.id), name: customer.name, vip: Boolean(Number(customer.vip)), openWorkOrders: Number(customer.openWorkOrders) };
  }
}
