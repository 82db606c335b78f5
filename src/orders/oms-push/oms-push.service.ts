import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { normalisePhone } from '../../customers/phone-number';
import { TransactionRunner } from '../../database/transaction-runner';
import { DomainError } from '../../http/errors/domain-error';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { checkImportRows } from '../import/order-import-rows';
import { SalesOrderStore } from '../sales-order-store';
import type { OmsChangeResultDto, OmsOrderDto } from './dtos/oms-change.dto';
import { verifyOmsSignature } from './oms-signature';

/**
 * The order system's pushed changes: each carries the whole order at the OMS's version, so it replaces
 * the order's lines and bookings (those it no longer lists are removed / cancelled). Idempotent and
 * ordered per order: the order's row is locked, and a change applies only when its version is newer
 * than the stored one — a replay of the stored version writes nothing, an older one nothing at all.
 */
@Injectable()
export class OmsPushService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly store: SalesOrderStore,
    private readonly config: ConfigVariables,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /** 403 when no secret is configured (nothing can be verified, so nothing is taken), 401 naming what is wrong with the signature. */
  verify(headers: { signature: string | undefined; timestamp: string | undefined }, rawBody: Buffer | undefined): void {
    const secret = this.config.OMS_PUSH_SECRET;
    if (!secret) throw new DomainError('orders_push.not_configured', {}, 'OMS pushes are refused: OMS_PUSH_SECRET is not set on this server');
    const verdict = rawBody ? verifyOmsSignature(secret, headers, rawBody, this.clock.now(), this.config.OMS_PUSH_MAX_SKEW_SECONDS) : 'missing';
    if (verdict === 'ok') return;
    const why = {
      missing: 'X-OMS-Signature and X-OMS-Timestamp are required',
      malformed: 'X-OMS-Signature must be sha256=<64 hex> and X-OMS-Timestamp unix seconds',
      expired: `X-OMS-Timestamp is more than ${this.config.OMS_PUSH_MAX_SKEW_SECONDS} s from now (a replay?)`,
      mismatch: 'X-OMS-Signature does not match the body',
    }[verdict];
    throw new DomainError('orders_push.signature_invalid', { reason: verdict }, why);
  }

  async apply(order: OmsOrderDto): Promise<OmsChangeResultDto> {
    const now = new Date(this.clock.now());
    const units = await this.db.getRepository(TerminalUnit).find({ select: { id: true, code: true, terminal: true } });
    const header = {
      order: order.number,
      phone: order.customerPhone,
      customerName: order.customerName ?? '',
      store: order.store,
      soldAt: order.soldAt,
      version: order.version,
    };
    const check = checkImportRows(
      {
        lines: order.lines.map((l) => ({ ...header, ...l, model: l.model ?? '' })),
        bookings: order.bookings.map((b) => ({ ...b, installer: b.installer ?? '', order: order.number, version: order.version })),
      },
      { units: new Map(units.map((u) => [u.code, u])), normalisePhone },
    );
    if (!check.ok)
      throw new DomainError('orders_import.rows_invalid', { rows: check.findings.length }, check.findings.map((f) => f.message).join('; '), {
        errors: check.findings.map((f) => ({ field: `order.${f.kind}.${f.row - 1}`, ...f })),
      });
    const headerRow = check.rows.orders.get(order.number)!;
    return this.tx.run(async (tx) => {
      const before = (await this.store.versions(tx, [order.number])).get(order.number);
      if (before && before.omsVersion >= order.version)
        return { outcome: before.omsVersion === order.version ? 'duplicate' : 'stale', number: order.number, storedVersion: before.omsVersion };
      const stored = (await this.store.upsertOrders(tx, [headerRow], now)).get(order.number)!;
      await this.store.upsertLines(
        tx,
        check.rows.lines.map((l) => ({ ...l, orderId: stored.id })),
      );
      await this.store.deleteLinesExcept(
        tx,
        stored.id,
        check.rows.lines.map((l) => l.lineNo),
      );
      await this.store.upsertBookings(
        tx,
        check.rows.bookings.map((b) => ({ ...b, orderId: stored.id })),
        now,
      );
      // The snapshot is the whole order: a booking it no longer lists was cancelled in the OMS, and frees its slot with this commit.
      await this.store.cancelBookingsExcept(
        tx,
        stored.id,
        check.rows.bookings.map((b) => b.reference),
        now,
      );
      return { outcome: 'applied', number: order.number, storedVersion: stored.omsVersion };
    });
  }
}
