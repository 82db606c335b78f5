import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sqlDialect } from '../database/sql-dialect';
import { toSqlDateTime } from '../database/sql-datetime';
import { sqlPlaceholders } from '../database/sql-placeholders';
import type { CheckedBooking, CheckedLine, CheckedStock, OrderHeader } from './import/order-import-rows';
import { DeliveryBooking } from './delivery-booking.entity';
import { CANCELLED_BY_OMS } from './order-kinds';

/** Rows per statement: 1 000 rows of up to 12 values stay far below both engines' parameter limits. */
const CHUNK = 1000;

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

  /**
   * Inserts new orders and updates stored ones where `version` ≥ the stored version; then answers each
   * order's id and the version now stored (equal to the incoming one: this write won, or was a replay).
   */
  async upsertOrders(tx: EntityManager, headers: OrderHeader[], now: Date): Promise<Map<string, StoredOrderVersion>> {
    const at = toSqlDateTime(now);
    for (let i = 0; i < headers.length; i += CHUNK) {
      const chunk = headers.slice(i, i + CHUNK);
      const params = chunk.flatMap((h) => [h.number, h.customerPhone, h.customerName, h.storeUnitId, toSqlDateTime(h.soldAt), h.version, at]);
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      // MySQL evaluates ON DUPLICATE KEY assignments left to right: omsVersion is compared before it is set, last.
      const newer = 'VALUES(omsVersion) >= omsVersion';
      const merge = this.mysql
        ? `ON DUPLICATE KEY UPDATE customerPhone = IF(${newer}, VALUES(customerPhone), customerPhone), customerName = IF(${newer}, VALUES(customerName), customerName), storeUnitId = IF(${newer}, VALUES(storeUnitId), storeUnitId), soldAt = IF(${newer}, VALUES(soldAt), soldAt), updatedAt = IF(${newer}, VALUES(updatedAt), updatedAt), omsVersion = GREATEST(omsVersion, VALUES(omsVersion))`
        : 'ON CONFLICT (number) DO UPDATE SET customerPhone = excluded.customerPhone, customerName = excluded.customerName, storeUnitId = excluded.storeUnitId, soldAt = excluded.soldAt, omsVersion = excluded.omsVersion, updatedAt = excluded.updatedAt WHERE excluded.omsVersion >= sales_order.omsVersion';
      await tx.query(
        `INSERT INTO sales_order (number, customerPhone, customerName, storeUnitId, soldAt, omsVersion, updatedAt) VALUES ${values} ${merge}`,
        params,
      );
    }
    return this.versions(
      tx,
      headers.map((h) => h.number),
    );
  }

  /** Stored orders' ids and versions by number (absent numbers are not in the map). */
  async versions(manager: EntityManager, numbers: string[]): Promise<Map<string, StoredOrderVersion>> {
    const out = new Map<string, StoredOrderVersion>();
    const unique = [...new Set(numbers)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const rows: { id: number | string; number: string; omsVersion: number | string }[] = await manager.query(
        `SELECT id, number, omsVersion FROM sales_order WHERE number IN (${sqlPlaceholders(chunk)})${this.mysql ? ' FOR UPDATE' : ''}`,
        chunk,
      );
      for (const r of rows) out.set(r.number, { id: Number(r.id), number: r.number, omsVersion: Number(r.omsVersion) });
    }
    return out;
  }

  async upsertLines(tx: EntityManager, lines: (CheckedLine & { orderId: number })[]): Promise<void> {
    for (let i = 0; i < lines.length; i += CHUNK) {
      const chunk = lines.slice(i, i + CHUNK);
      const params = chunk.flatMap((l) => [l.orderId, l.lineNo, l.productCode, l.productName, l.model, l.quantity, l.unitPriceFen]);
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      const merge = this.mysql
        ? 'ON DUPLICATE KEY UPDATE productCode = VALUES(productCode), productName = VALUES(productName), model = VALUES(model), quantity = VALUES(quantity), unitPriceFen = VALUES(unitPriceFen)'
        : 'ON CONFLICT (orderId, lineNo) DO UPDATE SET productCode = excluded.productCode, productName = excluded.productName, model = excluded.model, quantity = excluded.quantity, unitPriceFen = excluded.unitPriceFen';
      await tx.query(
        `INSERT INTO sales_order_line (orderId, lineNo, productCode, productName, model, quantity, unitPriceFen) VALUES ${values} ${merge}`,
        params,
      );
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
    const at = toSqlDateTime(now);
    for (let i = 0; i < bookings.length; i += CHUNK) {
      const chunk = bookings.slice(i, i + CHUNK);
      const params = chunk.flatMap((b) => [b.reference, b.orderId, b.kind, b.centreUnitId, b.day, b.timeWindow, b.status, b.installer, b.address, at]);
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)').join(', ');
      const merge = this.mysql
        ? 'ON DUPLICATE KEY UPDATE orderId = VALUES(orderId), kind = VALUES(kind), centreUnitId = VALUES(centreUnitId), day = VALUES(day), timeWindow = VALUES(timeWindow), status = VALUES(status), installer = VALUES(installer), address = VALUES(address), version = version + 1, updatedAt = VALUES(updatedAt)'
        : 'ON CONFLICT (reference) DO UPDATE SET orderId = excluded.orderId, kind = excluded.kind, centreUnitId = excluded.centreUnitId, day = excluded.day, timeWindow = excluded.timeWindow, status = excluded.status, installer = excluded.installer, address = excluded.address, version = delivery_booking.version + 1, updatedAt = excluded.updatedAt';
      await tx.query(
        `INSERT INTO delivery_booking (reference, orderId, kind, centreUnitId, day, timeWindow, status, installer, address, version, updatedAt) VALUES ${values} ${merge}`,
        params,
      );
    }
  }

  async upsertStock(tx: EntityManager, rows: CheckedStock[], now: Date): Promise<void> {
    const at = toSqlDateTime(now);
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const params = chunk.flatMap((s) => [s.productCode, s.productName, s.unitId, s.quantity, at]);
      const values = chunk.map(() => '(?, ?, ?, ?, ?)').join(', ');
      const merge = this.mysql
        ? 'ON DUPLICATE KEY UPDATE productName = VALUES(productName), quantity = VALUES(quantity), updatedAt = VALUES(updatedAt)'
        : 'ON CONFLICT (productCode, unitId) DO UPDATE SET productName = excluded.productName, quantity = excluded.quantity, updatedAt = excluded.updatedAt';
      await tx.query(`INSERT INTO stock_level (productCode, productName, unitId, quantity, updatedAt) VALUES ${values} ${merge}`, params);
    }
  }
}
