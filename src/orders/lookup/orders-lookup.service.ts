import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hydrateRow } from '../../database/hydrate-row';
import { sqlPlaceholders } from '../../database/sql-placeholders';
import { normalisePhone } from '../../customers/phone-number';
import { DomainError } from '../../http/errors/domain-error';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { DeliveryBooking } from '../delivery-booking.entity';
import { PRODUCT_CODE } from '../import/order-import-rows';
import { SalesOrderLine } from '../sales-order-line.entity';
import { SalesOrder } from '../sales-order.entity';
import { StockLevel } from '../stock-level.entity';
import type { SalesOrderDto, SalesOrderListDto, StockLevelDto, UnitRefDto } from './dtos/sales-order-view.dto';

/** A caller's orders in the pop and a phone search: the newest ten. */
export const RECENT_ORDERS = 10;
const MAX_STOCK_ROWS = 100;
const UNIT_CACHE_MS = 60_000;

/**
 * Reads of the order system's read model: by phone (the screen pop, the search), by order number,
 * stock by product. Three indexed statements at most — the orders, then their lines and bookings by
 * `orderId IN (…)` — and the units, a small table, by id.
 */
@Injectable()
export class OrdersLookupService {
  private unitCache?: { at: number; units: Map<number, UnitRefDto> };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: string): Promise<SalesOrderListDto> {
    const text = q.trim();
    const phone = /^[+0-9][0-9 ()\-.]{5,}$/.test(text) ? normalisePhone(text) : null;
    if (phone) return { matchedBy: 'phone', items: await this.byPhone(phone) };
    const order = await this.db.getRepository(SalesOrder).findOneBy({ number: text });
    return { matchedBy: 'order', items: order ? await this.views([order]) : [] };
  }

  /** A phone's newest orders (E.164, as the customer file keys it). */
  async byPhone(e164: string, limit = RECENT_ORDERS): Promise<SalesOrderDto[]> {
    return this.read('customerPhone = ? ORDER BY soldAt DESC, id DESC LIMIT ?', [e164, limit]);
  }

  async byNumber(number: string): Promise<SalesOrderDto> {
    const [order] = await this.read('number = ?', [number]);
    if (!order) throw new DomainError('order.not_found', { number }, `No order ${number}`);
    return order;
  }

  /**
   * The orders `which` selects (a WHERE clause and what follows it) with their lines and bookings: three
   * statements sent at once on three of the pool's connections — the lines and bookings select their
   * orders themselves (a derived table on the same index) instead of waiting for the orders' ids, so a
   * lookup waits for one round trip, not two.
   */
  private async read(which: string, params: unknown[]): Promise<SalesOrderDto[]> {
    const ids = `SELECT id FROM sales_order WHERE ${which}`;
    const [orderRows, lineRows, bookingRows] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(`SELECT * FROM sales_order WHERE ${which}`, params),
      this.db.query<Record<string, unknown>[]>(`SELECT l.* FROM sales_order_line l JOIN (${ids}) o ON o.id = l.orderId ORDER BY l.orderId, l.lineNo`, params),
      this.db.query<Record<string, unknown>[]>(`SELECT b.* FROM delivery_booking b JOIN (${ids}) o ON o.id = b.orderId ORDER BY b.day, b.id`, params),
    ]);
    return this.assemble(
      orderRows.map((r) => hydrateRow(this.db.manager, SalesOrder, r)),
      lineRows.map((r) => hydrateRow(this.db.manager, SalesOrderLine, r)),
      bookingRows.map((r) => hydrateRow(this.db.manager, DeliveryBooking, r)),
    );
  }

  /** The order a booking belongs to, with the booking among its bookings. */
  async byBookingId(bookingId: number): Promise<SalesOrderDto> {
    const booking = await this.db.getRepository(DeliveryBooking).findOneBy({ id: bookingId });
    if (!booking) throw new NotFoundException(`No booking ${bookingId}`);
    const order = await this.db.getRepository(SalesOrder).findOneByOrFail({ id: booking.orderId });
    return (await this.views([order]))[0];
  }

  async stock(product: string, unitCode?: string): Promise<StockLevelDto[]> {
    const qb = this.db.getRepository(StockLevel).createQueryBuilder('s').orderBy('s.productCode', 'ASC').addOrderBy('s.unitId', 'ASC').take(MAX_STOCK_ROWS);
    if (PRODUCT_CODE.test(product)) qb.where("(s.productCode = :product OR s.productName LIKE :prefix ESCAPE '!')", { product, prefix: likePrefix(product) });
    else qb.where("s.productName LIKE :prefix ESCAPE '!'", { prefix: likePrefix(product) });
    if (unitCode) {
      const unit = await this.db.getRepository(TerminalUnit).findOneBy({ code: unitCode });
      if (!unit) throw new DomainError('unit.unknown', { unit: unitCode }, `No unit with code "${unitCode}"`);
      qb.andWhere('s.unitId = :unitId', { unitId: unit.id });
    }
    const rows = await qb.getMany();
    const units = await this.units(rows.map((r) => r.unitId));
    return rows.map((r) => ({
      productCode: r.productCode,
      productName: r.productName,
      unit: units.get(r.unitId)!,
      quantity: r.quantity,
      updatedAt: r.updatedAt,
    }));
  }

  private async views(orders: SalesOrder[]): Promise<SalesOrderDto[]> {
    if (orders.length === 0) return [];
    const ids = orders.map((o) => o.id);
    // Plain statements hydrated by the driver (hydrateRow): TypeORM's find costs more CPU than these reads.
    const marks = sqlPlaceholders(ids);
    const [lineRows, bookingRows] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(`SELECT * FROM sales_order_line WHERE orderId IN (${marks}) ORDER BY orderId, lineNo`, ids),
      this.db.query<Record<string, unknown>[]>(`SELECT * FROM delivery_booking WHERE orderId IN (${marks}) ORDER BY day, id`, ids),
    ]);
    return this.assemble(
      orders,
      lineRows.map((r) => hydrateRow(this.db.manager, SalesOrderLine, r)),
      bookingRows.map((r) => hydrateRow(this.db.manager, DeliveryBooking, r)),
    );
  }

  private async assemble(orders: SalesOrder[], lines: SalesOrderLine[], bookings: DeliveryBooking[]): Promise<SalesOrderDto[]> {
    if (orders.length === 0) return [];
    const units = await this.units([...orders.map((o) => o.storeUnitId), ...bookings.map((b) => b.centreUnitId)]);
    return orders.map((o) => {
      const own = lines.filter((l) => l.orderId === o.id);
      return {
        id: o.id,
        number: o.number,
        customerPhone: o.customerPhone,
        customerName: o.customerName,
        store: units.get(o.storeUnitId)!,
        soldAt: o.soldAt,
        omsVersion: o.omsVersion,
        totalFen: own.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0),
        lines: own.map((l) => ({
          id: l.id,
          lineNo: l.lineNo,
          productCode: l.productCode,
          productName: l.productName,
          model: l.model,
          quantity: l.quantity,
          unitPriceFen: l.unitPriceFen,
        })),
        bookings: bookings
          .filter((b) => b.orderId === o.id)
          .map((b) => ({
            id: b.id,
            reference: b.reference,
            kind: b.kind,
            centre: units.get(b.centreUnitId)!,
            day: b.day,
            timeWindow: b.timeWindow,
            status: b.status,
            installer: b.installer,
            address: b.address,
            version: b.version,
            updatedAt: b.updatedAt,
          })),
      };
    });
  }

  /**
   * Units by id, from a copy of the (small) units table kept for a minute — a fourth statement per
   * lookup otherwise; an id not in the copy reloads it, one removed since is shown by its id.
   */
  private async units(ids: number[]): Promise<Map<number, UnitRefDto>> {
    const now = Date.now();
    if (!this.unitCache || now - this.unitCache.at > UNIT_CACHE_MS || ids.some((id) => !this.unitCache!.units.has(id))) {
      const rows = await this.db.getRepository(TerminalUnit).find({ select: { id: true, code: true, name: true, terminal: true } });
      this.unitCache = { at: now, units: new Map(rows.map((u) => [u.id, { id: u.id, code: u.code, name: u.name, terminal: u.terminal }])) };
    }
    const known = this.unitCache.units;
    return new Map(ids.map((id) => [id, known.get(id) ?? { id, code: `#${id}`, name: `#${id}`, terminal: 'store' }]));
  }
}

function likePrefix(text: string): string {
  return `${text.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
}
