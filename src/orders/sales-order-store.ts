import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { escape } from 'mysql2';
import { DataSource, EntityManager } from 'typeorm';
import { sqlDialect } from '../database/sql-dialect';
import { toSqlDateTime } from '../database/sql-datetime';
import { sqlPlaceholders } from '../database/sql-placeholders';
import type { CheckedBooking, CheckedLine, CheckedStock, OrderHeader } from './import/order-import-rows';
import { DeliveryBooking } from './delivery-booking.entity';
import { CANCELLED_BY_OMS } from './order-kinds';

/**
 * Rows per statement: on SQLite 1 000 rows of up to 11 values stay far below its parameter limit; on
 * MySQL/MariaDB (values escaped into the text by the driver) 5 000 lines are ~700 kB, far below the
 * 16 MB max_allowed_packet, and a 10 000-row import is 6 statements instead of 19.
 */
const CHUNK = { mysql: 5000, sqlite: 1000 } as const;

type Statement = [sql: string, params: unknown[]];

export interface StoredOrderVersion {
  id: number;
  number: string;
  omsVersion: number;
}

/**
 * The read model's writes, as plain multi-row upserts on both engines (measured: the import's rows/s
 * is bound by statements, not rows). The ordering rule lives here, in the statements themselves: an
 * order row changes only when the incoming OMS version is not older than the stored one, so two
 * writers racing on one order leave the newer version whichever commits last.
 */
@Injectable()
export class SalesOrderStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get mysql(): boolean {
    return sqlDialect(this.db) === 'mysql';
  }

  private chunks<T>(rows: T[]): T[][] {
    const size = CHUNK[sqlDialect(this.db)];
    const out: T[][] = [];
    for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
    return out;
  }

  /**
   * A multi-row VALUES list. On MySQL the values are escaped into the text by the driver's own `escape`
   * (what its `?` formatting does, without a 35 000-value parameter array built and spliced back in:
   * most of the import's statement-building CPU); on SQLite they are bound parameters. The first value
   * stays a bound `?`: the driver's formatting scans the text up to the placeholder of the last value it
   * is given — with none, it scans all 700 kB for one (≈ 2 µs a row).
   */
  private valuesOf<T>(rows: T[], columns: (row: T) => (string | number | null)[]): { values: string; params: unknown[] } {
    if (this.mysql) {
      const tuples = new Array<string>(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const row = columns(rows[r]);
        let tuple = r === 0 ? '(?' : `(${escape(row[0])}`;
        for (let i = 1; i < row.length; i++) tuple += `, ${escape(row[i])}`;
        tuples[r] = `${tuple})`;
      }
      return { values: tuples.join(', '), params: [columns(rows[0])[0]] };
    }
    const params: unknown[] = [];
    for (const row of rows) params.push(...columns(row));
    const marks = `(${new Array(params.length / Math.max(1, rows.length)).fill('?').join(', ')})`;
    return { values: new Array(rows.length).fill(marks).join(', '), params };
  }

  /**
   * Runs statements in order. On MySQL each is handed to the driver as soon as it is built (the driver
   * queues them on the transaction's connection) and the next one is built while MariaDB runs it;
   * then all are awaited, the first failure thrown (the caller's transaction rolls back). SQLite's
   * driver works one statement at a time: awaited one by one.
   */
  private async send(tx: EntityManager, ...trains: Iterable<Statement>[]): Promise<unknown[]> {
    const statements = (function* () {
      for (const train of trains) yield* train; // built lazily, one statement at a time
    })();
    if (!this.mysql) {
      const results: unknown[] = [];
      for (const [sql, params] of statements) results.push(await tx.query(sql, params));
      return results;
    }
    const pending: Promise<unknown>[] = [];
    for (const [sql, params] of statements) {
      const result = tx.query(sql, params);
      result.catch(() => undefined); // settled below; not an unhandled rejection meanwhile
      pending.push(result);
      await new Promise((resolve) => setImmediate(resolve)); // the driver sends it before the next is built
    }
    const settled = await Promise.allSettled(pending);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed?.status === 'rejected') throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
  }

  /**
   * Inserts new orders and updates stored ones where `version` ≥ the stored version; then answers each
   * order's id and the version now stored (equal to the incoming one: this write won, or was a replay).
   */
  async upsertOrders(tx: EntityManager, headers: OrderHeader[], now: Date, alsoStock: CheckedStock[] = []): Promise<Map<string, StoredOrderVersion>> {
    await this.send(tx, this.stockStatements(alsoStock, now), this.orderStatements(headers, now));
    return this.versions(
      tx,
      headers.map((h) => h.number),
    );
  }

  private *orderStatements(headers: OrderHeader[], now: Date): Generator<Statement> {
    const at = toSqlDateTime(now);
    const soldAt = new Map<number, string>(); // an import's orders share a few instants
    const sqlTime = (d: Date) => {
      let text = soldAt.get(d.getTime());
      if (text === undefined) soldAt.set(d.getTime(), (text = toSqlDateTime(d)));
      return text;
    };
    for (const chunk of this.chunks(headers)) {
      const { values, params } = this.valuesOf(chunk, (h) => [h.number, h.customerPhone, h.customerName, h.storeUnitId, sqlTime(h.soldAt), h.version, at]);
      // MySQL evaluates ON DUPLICATE KEY assignments left to right: omsVersion is compared before it is set, last.
      const newer = 'VALUES(omsVersion) >= omsVersion';
      const merge = this.mysql
        ? `ON DUPLICATE KEY UPDATE customerPhone = IF(${newer}, VALUES(customerPhone), customerPhone), customerName = IF(${newer}, VALUES(customerName), customerName), storeUnitId = IF(${newer}, VALUES(storeUnitId), storeUnitId), soldAt = IF(${newer}, VALUES(soldAt), soldAt), updatedAt = IF(${newer}, VALUES(updatedAt), updatedAt), omsVersion = GREATEST(omsVersion, VALUES(omsVersion))`
        : 'ON CONFLICT (number) DO UPDATE SET customerPhone = excluded.customerPhone, customerName = excluded.customerName, storeUnitId = excluded.storeUnitId, soldAt = excluded.soldAt, omsVersion = excluded.omsVersion, updatedAt = excluded.updatedAt WHERE excluded.omsVersion >= sales_order.omsVersion';
      yield [`INSERT INTO sales_order (number, customerPhone, customerName, storeUnitId, soldAt, omsVersion, updatedAt) VALUES ${values} ${merge}`, params];
    }
  }

  /** Stored orders' ids and versions by number (absent numbers are not in the map). */
  async versions(manager: EntityManager, numbers: string[]): Promise<Map<string, StoredOrderVersion>> {
    const out = new Map<string, StoredOrderVersion>();
    const lock = this.mysql ? ' FOR UPDATE' : '';
    const results = (await this.send(
      manager,
      this.chunks([...new Set(numbers)]).map((chunk): Statement => [
        `SELECT id, number, omsVersion FROM sales_order WHERE number IN (${sqlPlaceholders(chunk)})${lock}`,
        chunk,
      ]),
    )) as { id: number | string; number: string; omsVersion: number | string }[][];
    for (const rows of results) for (const r of rows) out.set(r.number, { id: Number(r.id), number: r.number, omsVersion: Number(r.omsVersion) });
    return out;
  }

  async upsertLines(tx: EntityManager, lines: (CheckedLine & { orderId: number })[]): Promise<void> {
    await this.send(
      tx,
      this.lineStatements(lines, (l) => l.orderId),
    );
  }

  /** An import's lines and bookings, their orders' ids by number: one train of statements (see `send`). */
  async upsertLinesAndBookings(
    tx: EntityManager,
    lines: CheckedLine[],
    bookings: CheckedBooking[],
    orderId: (number: string) => number,
    now: Date,
  ): Promise<void> {
    await this.send(
      tx,
      this.lineStatements(lines, (l) => orderId(l.order)),
      this.bookingStatements(bookings, (b) => orderId(b.order), now),
    );
  }

  private *lineStatements<T extends CheckedLine>(lines: T[], orderId: (line: T) => number): Generator<Statement> {
    for (const chunk of this.chunks(lines)) {
      const { values, params } = this.valuesOf(chunk, (l) => [orderId(l), l.lineNo, l.productCode, l.productName, l.model, l.quantity, l.unitPriceFen]);
      const merge = this.mysql
        ? 'ON DUPLICATE KEY UPDATE productCode = VALUES(productCode), productName = VALUES(productName), model = VALUES(model), quantity = VALUES(quantity), unitPriceFen = VALUES(unitPriceFen)'
        : 'ON CONFLICT (orderId, lineNo) DO UPDATE SET productCode = excluded.productCode, productName = excluded.productName, model = excluded.model, quantity = excluded.quantity, unitPriceFen = excluded.unitPriceFen';
      yield [`INSERT INTO sales_order_line (orderId, lineNo, productCode, productName, model, quantity, unitPriceFen) VALUES ${values} ${merge}`, params];
    }
  }

  /** Removes an order's lines the OMS no longer lists (a pushed change carries the whole order). */
  async deleteLinesExcept(tx: EntityManager, orderId: number, keepLineNos: number[]): Promise<void> {
    if (keepLineNos.length === 0) await tx.query('DELETE FROM sales_order_line WHERE orderId = ?', [orderId]);
    else await tx.query(`DELETE FROM sales_order_line WHERE orderId = ? AND lineNo NOT IN (${sqlPlaceholders(keepLineNos)})`, [orderId, ...keepLineNos]);
  }

  /**
   * Cancels an order's bookings the OMS's snapshot no longer lists (see CANCELLED_BY_OMS): kept for the
   * audit that names them, counted in no centre's capacity from the commit on. Returns how many.
   */
  async cancelBookingsExcept(tx: EntityManager, orderId: number, keepReferences: string[], now: Date): Promise<number> {
    const cancel = tx
      .createQueryBuilder()
      .update(DeliveryBooking)
      .set({ status: CANCELLED_BY_OMS, version: () => 'version + 1', updatedAt: now })
      .where('orderId = :orderId AND status <> :cancelled', { orderId, cancelled: CANCELLED_BY_OMS });
    if (keepReferences.length) cancel.andWhere('reference NOT IN (:...keep)', { keep: keepReferences });
    return (await cancel.execute()).affected ?? 0;
  }

  async upsertBookings(tx: EntityManager, bookings: (CheckedBooking & { orderId: number })[], now: Date): Promise<void> {
    await this.send(
      tx,
      this.bookingStatements(bookings, (b) => b.orderId, now),
    );
  }

  private *bookingStatements<T extends CheckedBooking>(bookings: T[], orderId: (booking: T) => number, now: Date): Generator<Statement> {
    const at = toSqlDateTime(now);
    for (const chunk of this.chunks(bookings)) {
      const { values, params } = this.valuesOf(chunk, (b) => [
        b.reference,
        orderId(b),
        b.kind,
        b.centreUnitId,
        b.day,
        b.timeWindow,
        b.status,
        b.installer,
        b.address,
        1,
        at,
      ]);
      const merge = this.mysql
        ? 'ON DUPLICATE KEY UPDATE orderId = VALUES(orderId), kind = VALUES(kind), centreUnitId = VALUES(centreUnitId), day = VALUES(day), timeWindow = VALUES(timeWindow), status = VALUES(status), installer = VALUES(installer), address = VALUES(address), version = version + 1, updatedAt = VALUES(updatedAt)'
        : 'ON CONFLICT (reference) DO UPDATE SET orderId = excluded.orderId, kind = excluded.kind, centreUnitId = excluded.centreUnitId, day = excluded.day, timeWindow = excluded.timeWindow, status = excluded.status, installer = excluded.installer, address = excluded.address, version = delivery_booking.version + 1, updatedAt = excluded.updatedAt';
      yield [
        `INSERT INTO delivery_booking (reference, orderId, kind, centreUnitId, day, timeWindow, status, installer, address, version, updatedAt) VALUES ${values} ${merge}`,
        params,
      ];
    }
  }

  async upsertStock(tx: EntityManager, rows: CheckedStock[], now: Date): Promise<void> {
    await this.send(tx, this.stockStatements(rows, now));
  }

  private *stockStatements(rows: CheckedStock[], now: Date): Generator<Statement> {
    const at = toSqlDateTime(now);
    for (const chunk of this.chunks(rows)) {
      const { values, params } = this.valuesOf(chunk, (s) => [s.productCode, s.productName, s.unitId, s.quantity, at]);
      const merge = this.mysql
        ? 'ON DUPLICATE KEY UPDATE productName = VALUES(productName), quantity = VALUES(quantity), updatedAt = VALUES(updatedAt)'
        : 'ON CONFLICT (productCode, unitId) DO UPDATE SET productName = excluded.productName, quantity = excluded.quantity, updatedAt = excluded.updatedAt';
      yield [`INSERT INTO stock_level (productCode, productName, unitId, quantity, updatedAt) VALUES ${values} ${merge}`, params];
    }
  }
}
