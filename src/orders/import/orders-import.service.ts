import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { DomainError } from '../../http/errors/domain-error';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { SalesOrderStore } from '../sales-order-store';
import { ImportPhones } from './import-phones';
import { checkImportRows, ImportFinding, ImportKind } from './order-import-rows';
import type { OrdersImportResultDto } from './dtos/orders-import.dto';

/**
 * The bulk import of the order system's orders, bookings and stock (JSON or CSV): every row checked,
 * then all of it written in one transaction, or nothing. An order (with its lines and bookings) older
 * than the stored one is left as it is and counted stale, not refused: a late export must not undo a
 * newer push.
 */
@Injectable()
export class OrdersImportService {
  private readonly phones = new ImportPhones();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly store: SalesOrderStore,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async import(raw: Partial<Record<ImportKind, unknown[]>>): Promise<OrdersImportResultDto> {
    const now = new Date(this.clock.now());
    const units = await this.db.getRepository(TerminalUnit).find({ select: { id: true, code: true, terminal: true } });
    const check = checkImportRows(raw, { units: new Map(units.map((u) => [u.code, u])), normalisePhone: (raw) => this.phones.normalise(raw) });
    if (!check.ok) throw refused(check.findings);
    const { orders, lines, bookings, stock } = check.rows;
    return this.tx.run(async (tx) => {
      // Stock needs nothing from the orders: its statements go first, in the same train.
      const stored = await this.store.upsertOrders(tx, [...orders.values()], now, stock);
      // This import's version of an order is the stored one: it was newer, equal (a replay), or the order is new.
      const won = new Set([...orders.values()].filter((o) => stored.get(o.number)!.omsVersion === o.version).map((o) => o.number));
      const appliedLines = lines.filter((l) => won.has(l.order));
      // Bookings of this import's orders take the versions just stored; others' are read (and locked) once.
      const elsewhere = bookings.filter((b) => !stored.has(b.order)).map((b) => b.order);
      const knownOrders = elsewhere.length ? new Map([...(await this.store.versions(tx, elsewhere)), ...stored]) : stored;
      const unknown = bookings.flatMap((b, i) =>
        knownOrders.has(b.order)
          ? []
          : [
              {
                kind: 'bookings' as const,
                row: i + 1,
                code: 'orders_import.order_unknown',
                params: { order: b.order },
                message: `bookings row ${i + 1}: order ${b.order} is neither in this import nor known`,
              },
            ],
      );
      if (unknown.length) throw refused(unknown);
      const appliedBookings = bookings.filter((b) => b.version >= knownOrders.get(b.order)!.omsVersion);
      await this.store.upsertLinesAndBookings(tx, appliedLines, appliedBookings, (number) => knownOrders.get(number)!.id, now);
      const appliedOrders = won.size;
      return {
        imported: check.count,
        orders: { applied: appliedOrders, stale: orders.size - appliedOrders },
        lines: { applied: appliedLines.length, stale: lines.length - appliedLines.length },
        bookings: { applied: appliedBookings.length, stale: bookings.length - appliedBookings.length },
        stock: stock.length,
      };
    });
  }
}

function refused(findings: ImportFinding[]): DomainError {
  const rows = new Set(findings.map((f) => `${f.kind}:${f.row}`)).size;
  return new DomainError('orders_import.rows_invalid', { rows }, findings.map((f) => f.message).join('; '), {
    errors: findings.map((f) => ({ field: f.kind ? `${f.kind}.${f.row}` : 'rows', ...f })),
  });
}
