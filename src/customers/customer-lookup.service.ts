import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sqlPlaceholders } from '../database/sql-placeholders';

export interface CustomerLookup {
  customerId: number;
  name: string | null;
  vip: boolean;
  /** Work orders not yet closed — a repeat caller with an open order gets priority. */
  openWorkOrders: number;
}

interface LookupRow {
  phone: string;
  id: number;
  name: string | null;
  vip: number | boolean;
  openWorkOrders: number | string;
}

/** For telephony and routing: who is calling (VIP / repeat-caller priority), by E.164 number. */
@Injectable()
export class CustomerLookupService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async lookup(phoneE164: string): Promise<CustomerLookup | null> {
    return (await this.lookupMany([phoneE164]))[0];
  }

  /** Several callers in one statement; `manager`: a transaction's, to read on its connection. */
  async lookupMany(phones: readonly string[], manager: EntityManager = this.db.manager): Promise<Array<CustomerLookup | null>> {
    if (phones.length === 0) return [];
    // One plain statement over the phone's unique index and the orders-by-customer index: this runs
    // on every incoming call, and TypeORM's find builders cost more than the reads themselves.
    const rows: LookupRow[] = await manager.query(
      'SELECT p.phone AS phone, c.id AS id, c.name AS name, c.vip AS vip, ' +
        '(SELECT COUNT(*) FROM work_order w WHERE w.customerId = c.id AND w.closedAt IS NULL) AS openWorkOrders ' +
        `FROM customer_phone p JOIN customer c ON c.id = p.customerId WHERE p.phone IN (${sqlPlaceholders(phones)})`,
      [...phones],
    );
    const found = new Map(
      rows.map((r) => [r.phone, { customerId: Number(r.id), name: r.name, vip: Boolean(Number(r.vip)), openWorkOrders: Number(r.openWorkOrders) }]),
    );
    return phones.map((phone) => found.get(phone) ?? null);
  }
}
