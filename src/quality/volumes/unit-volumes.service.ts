import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DomainError } from '../../http/errors/domain-error';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sqlDialect } from '../../database/sql-dialect';
import { TransactionRunner } from '../../database/transaction-runner';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { Terminal } from '../../organisation/terminals';
import { daysOf, isCalendarDay, siteDayRange } from '../../clock/site-day';
import { UnitDayVolume } from './unit-day-volume.entity';
import { CentreCapacityService } from '../../orders/centre-capacity.service';
import { checkVolumeRows, CheckedVolumeRow } from './volume-rows';
import type { UnitDayCapacityDto } from '../capacity/dtos/capacity-view.dto';
import type { UnitDayVolumeDto } from './dtos/volumes-view.dto';

/** Terminals that run deliveries and so have a capacity (作业能力): logistics centres and dispatch teams. */
export const DELIVERY_TERMINALS: readonly Terminal[] = ['logistics', 'dispatch'];

const UPSERT_CHUNK = 500;

/**
 * Daily volumes per terminal unit and site day: booked deliveries (预约配送) and sales (销售), imported by
 * JSON or CSV, plus per-day capacity overrides. Imports are all-or-nothing and upsert per (unit, day)
 * in one transaction, with the engine's own upsert so concurrent imports cannot collide.
 */
@Injectable()
export class UnitVolumesService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly centres: CentreCapacityService,
  ) {}

  /** Volumes per unit and site day from `from` to `to` (inclusive), only the unit-days that have a row; optionally one unit (by code) or some units (by id). */
  async volumes(from: string, to: string, filter: { unitCode?: string; unitIds?: number[] } = {}): Promise<UnitDayVolumeDto[]> {
    siteDayRange(from, to, 0);
    if (filter.unitIds && filter.unitIds.length === 0) return [];
    const qb = this.db
      .getRepository(UnitDayVolume)
      .createQueryBuilder('v')
      .innerJoin(TerminalUnit, 'u', 'u.id = v.unitId')
      .select(['v.unitId AS unitId', 'u.code AS unitCode', 'u.name AS unitName', 'u.terminal AS terminal', 'v.day AS date'])
      .addSelect(['v.bookedDeliveries AS bookedDeliveries', 'v.sales AS sales', 'v.capacity AS dayCapacity', 'u.dailyCapacity AS unitCapacity'])
      .where('v.day >= :from AND v.day <= :to', { from, to })
      .orderBy('v.day', 'ASC')
      .addOrderBy('u.code', 'ASC');
    if (filter.unitCode) {
      await this.unitByCode(filter.unitCode);
      qb.andWhere('u.code = :code', { code: filter.unitCode });
    }
    if (filter.unitIds) qb.andWhere('v.unitId IN (:...ids)', { ids: filter.unitIds });
    const raw = await qb.getRawMany<Record<string, unknown>>();
    return raw.map((r) => {
      const { capacity, capacitySource } = effectiveCapacity(nullableInt(r.dayCapacity), nullableInt(r.unitCapacity));
      return {
        unitId: Number(r.unitId),
        unitCode: String(r.unitCode),
        unitName: String(r.unitName),
        terminal: r.terminal as Terminal,
        date: String(r.date),
        bookedDeliveries: nullableInt(r.bookedDeliveries),
        sales: nullableInt(r.sales),
        capacity,
        capacitySource,
      };
    });
  }

  /**
   * Checks every row, then upserts them all in one transaction: a given count replaces the stored one,
   * an absent count keeps it. Any bad row → 400 listing every bad row, and nothing is written.
   */
  async import(raw: unknown[], now: Date): Promise<{ imported: number; days: string[] }> {
    const units = await this.db.getRepository(TerminalUnit).find({ select: { id: true, code: true } });
    const check = checkVolumeRows(raw, new Map(units.map((u) => [u.code, u.id])));
    if (!check.ok)
      // Each bad row's finding with its code and values (a page words them per row); nothing is written.
      throw new DomainError('volumes.rows_invalid', { rows: new Set(check.findings.map((f) => f.row)).size }, check.errors.join('; '), {
        errors: check.findings.map((f) => ({ field: f.row ? `rows.${f.row}` : 'rows', ...f })),
      });
    await this.tx.run(async (tx) => {
      for (let i = 0; i < check.rows.length; i += UPSERT_CHUNK) await this.upsert(tx, check.rows.slice(i, i + UPSERT_CHUNK), now);
    });
    return { imported: check.rows.length, days: [...new Set(check.rows.map((r) => r.date))].sort() };
  }

  /** Sets (or with null clears) one unit's capacity for one day. */
  async setCapacity(unitCode: string, day: string, capacity: number | null, now: Date): Promise<UnitDayCapacityDto> {
    if (!isCalendarDay(day)) throw new BadRequestException([`date "${day}" is not a calendar date YYYY-MM-DD`]);
    const unit = await this.unitByCode(unitCode);
    await this.tx.run(async (tx) => {
      const existing = await tx.findOneBy(UnitDayVolume, { unitId: unit.id, day });
      if (existing) await tx.update(UnitDayVolume, { id: existing.id }, { capacity, updatedAt: now });
      else if (capacity !== null) await this.insertOrMerge(tx, { unitId: unit.id, day, bookedDeliveries: null, sales: null, capacity, updatedAt: now });
    });
    return (await this.capacities(day, day, { unitIds: [unit.id] }))[0];
  }

  /**
   * Capacity and bookings of every delivery unit (logistics centres, dispatch teams) — or the given
   * units — for every day of the range, whether or not a row was imported for it.
   */
  async capacities(from: string, to: string, filter: { unitIds?: number[] } = {}): Promise<UnitDayCapacityDto[]> {
    const days = daysOf(siteDayRange(from, to, 0));
    const unitsQb = this.db.getRepository(TerminalUnit).createQueryBuilder('u').orderBy('u.code', 'ASC');
    if (filter.unitIds) unitsQb.where('u.id IN (:...ids)', { ids: filter.unitIds.length ? filter.unitIds : [0] });
    else unitsQb.where('u.terminal IN (:...terminals)', { terminals: DELIVERY_TERMINALS });
    const units = await unitsQb.getMany();
    if (units.length === 0) return [];
    const rows = await this.db
      .getRepository(UnitDayVolume)
      .createQueryBuilder('v')
      .where('v.day >= :from AND v.day <= :to', { from, to })
      .andWhere('v.unitId IN (:...ids)', { ids: units.map((u) => u.id) })
      .getMany();
    const byKey = new Map(rows.map((r) => [`${r.unitId}\u0000${r.day}`, r]));
    // The bookings themselves (作业量 from the deliveries) and the slots configured per window; the
    // imported volumes only where a centre has no booking that day or no slots configured.
    const loads = await this.centres.loads(
      units.filter((u) => DELIVERY_TERMINALS.includes(u.terminal)).map((u) => u.id),
      from,
      to,
    );
    const loadByKey = new Map(loads.map((l) => [`${l.centreUnitId}\u0000${l.day}`, l]));
    const out: UnitDayCapacityDto[] = [];
    for (const day of days) {
      for (const unit of units) {
        const row = byKey.get(`${unit.id}\u0000${day}`);
        const load = loadByKey.get(`${unit.id}\u0000${day}`);
        const imported = row?.bookedDeliveries ?? null;
        const counted = load && (load.booked > 0 || load.slots !== null);
        out.push({
          unitId: unit.id,
          unitCode: unit.code,
          unitName: unit.name,
          terminal: unit.terminal,
          date: day,
          ...(load && load.slots !== null
            ? { capacity: load.slots, capacitySource: 'slots' as const }
            : effectiveCapacity(row?.capacity ?? null, unit.dailyCapacity)),
          bookedDeliveries: counted ? load.booked : imported,
          bookingsSource: counted ? 'bookings' : imported === null ? null : 'volumes',
        });
      }
    }
    return out;
  }

  private async unitByCode(code: string): Promise<TerminalUnit> {
    const unit = await this.db.getRepository(TerminalUnit).findOneBy({ code });
    if (!unit) throw new NotFoundException(`No unit with code "${code}"`);
    return unit;
  }

  /** One multi-row upsert: INSERT … ON DUPLICATE KEY UPDATE (MySQL/MariaDB) or ON CONFLICT … DO UPDATE (SQLite). */
  private async upsert(tx: EntityManager, rows: CheckedVolumeRow[], now: Date): Promise<void> {
    const updatedAt = this.datetime(now);
    const mysql = sqlDialect(this.db) === 'mysql';
    const values = rows.map(() => '(?, ?, ?, ?, ?)').join(', ');
    const params = rows.flatMap((r) => [r.unitId, r.date, r.bookedDeliveries ?? null, r.sales ?? null, updatedAt]);
    const merge = mysql
      ? 'ON DUPLICATE KEY UPDATE bookedDeliveries = COALESCE(VALUES(bookedDeliveries), bookedDeliveries), sales = COALESCE(VALUES(sales), sales), updatedAt = VALUES(updatedAt)'
      : 'ON CONFLICT (unitId, day) DO UPDATE SET bookedDeliveries = COALESCE(excluded.bookedDeliveries, bookedDeliveries), sales = COALESCE(excluded.sales, sales), updatedAt = excluded.updatedAt';
    await tx.query(`INSERT INTO unit_day_volume (unitId, day, bookedDeliveries, sales, updatedAt) VALUES ${values} ${merge}`, params);
  }

  /** A capacity-only row; merges with a row another writer inserted meanwhile. */
  private async insertOrMerge(tx: EntityManager, row: Omit<UnitDayVolume, 'id' | 'unit'>): Promise<void> {
    const merge =
      sqlDialect(this.db) === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE capacity = VALUES(capacity), updatedAt = VALUES(updatedAt)'
        : 'ON CONFLICT (unitId, day) DO UPDATE SET capacity = excluded.capacity, updatedAt = excluded.updatedAt';
    await tx.query(`INSERT INTO unit_day_volume (unitId, day, capacity, updatedAt) VALUES (?, ?, ?, ?) ${merge}`, [
      row.unitId,
      row.day,
      row.capacity,
      this.datetime(row.updatedAt),
    ]);
  }

  /** A datetime parameter for raw SQL, converted exactly as TypeORM stores the column. */
  private datetime(at: Date): unknown {
    const column = this.db.getMetadata(UnitDayVolume).findColumnWithPropertyName('updatedAt')!;
    return this.db.driver.preparePersistentValue(at, column);
  }
}

function nullableInt(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function effectiveCapacity(day: number | null, unit: number | null): { capacity: number | null; capacitySource: 'day' | 'unit' | null } {
  if (day !== null) return { capacity: day, capacitySource: 'day' };
  if (unit !== null) return { capacity: unit, capacitySource: 'unit' };
  return { capacity: null, capacitySource: null };
}
