import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';

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
  /**
   * Calls arriving together are looked up together, in one statement. Nothing is cached: an order
   * opened or closed a moment ago changes the next call's priority.
   */
  private readonly byPhone = new DataLoader<string, CustomerLookup | null>((phones) => this.lookupMany(phones), {
    cache: false,
    maxBatchSize: 100,
    // After this turn's I/O callbacks, so the requests parsed with this one join its statement.
    batchScheduleFn: (load) => setImmediate(load),
  });

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  lookup(phoneE164: string): Promise<CustomerLookup | null> {
    return this.byPhone.load(phoneE164);
  }

  private async lookupMany(phones: readonly string[]): Promise<Array<CustomerLookup | null>> {
    // One plain statement over the phone's unique index and the orders-by-customer index: this runs
    // on every incoming call, and TypeORM's find builders cost more than the reads themselves.
    const rows: LookupRow[] = await this.db.query(
      'SELECT p.phone AS phone, c.id AS id, c.name AS name, c.vip AS vip, ' +
        '(SELECT COUNT(*) FROM work_order w WHERE w.customerId = c.id AND w.closedAt IS NULL) AS openWorkOrders ' +
        `FROM customer_phone p JOIN customer c ON c.id = p.customerId WHERE p.phone IN (${phones.map(() => '?').join(', ')})`,
      [...phones],
    );
    const found = new Map(rows.map((r) => [r.phone, { customerId: Number(r.id), name: r.name, vip: Boolean(Number(r.vip)), openWorkOrders: Number(r.openWorkOrders) }]));
    return phones.map((phone) => found.get(phone) ?? null);
  }
}
