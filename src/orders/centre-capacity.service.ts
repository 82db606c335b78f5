import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { daysOf, siteDayRange } from '../clock/site-day';
import { sqlPlaceholders } from '../database/sql-placeholders';
import { SLOT_HOLDING_STATUSES } from './order-kinds';
import { BookedCount, DayCapacity, dayCapacities, SlotRow } from './window-capacity';

const HOLDING = sqlPlaceholders(SLOT_HOLDING_STATUSES);

/** Bookings held per centre and day, and the slots configured: the capacity early warning's figures. */
export interface CentreDayLoad {
  centreUnitId: number;
  day: string;
  booked: number;
  /** The day's configured slots over all windows; null when the centre has no slots configured. */
  slots: number | null;
}

/**
 * Capacity from the bookings (SQL only): bookings still holding a slot (booked, loading, on the way)
 * counted per centre, day and window from `IDX_delivery_booking_centre_day`, against the slots
 * configured per centre and window.
 */
@Injectable()
export class CentreCapacityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A centre's calendar from `from` to `to` (at most 62 days). */
  async calendar(centreUnitId: number, from: string, to: string, manager: EntityManager = this.db.manager): Promise<DayCapacity[]> {
    const days = daysOf(siteDayRange(from, to, 0, 62));
    const [slots, booked] = await Promise.all([this.slotRows(manager, [centreUnitId], from, to), this.booked(manager, [centreUnitId], from, to)]);
    return dayCapacities(days, slots.get(centreUnitId) ?? [], booked.get(centreUnitId) ?? []);
  }

  /** Every given centre's bookings and slots per day of the range, for the early warning. */
  async loads(centreUnitIds: number[], from: string, to: string): Promise<CentreDayLoad[]> {
    if (centreUnitIds.length === 0) return [];
    const days = daysOf(siteDayRange(from, to, 0));
    const manager = this.db.manager;
    const [slots, booked] = await Promise.all([this.slotRows(manager, centreUnitIds, from, to), this.booked(manager, centreUnitIds, from, to)]);
    return centreUnitIds.flatMap((centreUnitId) => {
      const configured = slots.get(centreUnitId);
      return dayCapacities(days, configured ?? [], booked.get(centreUnitId) ?? []).map((d) => ({
        centreUnitId,
        day: d.day,
        booked: d.booked,
        slots: configured ? d.slots : null,
      }));
    });
  }

  /**
   * Locks the centre's slot rows (MySQL/MariaDB) so two reschedules into the same centre are counted
   * one after the other; SQLite's transactions are already one at a time.
   */
  async lockCentre(tx: EntityManager, centreUnitId: number): Promise<void> {
    if (tx.connection.options.type === 'better-sqlite3') return;
    await tx.query('SELECT id FROM delivery_slot_capacity WHERE centreUnitId = ? FOR UPDATE', [centreUnitId]);
  }

  private async slotRows(manager: EntityManager, centres: number[], from: string, to: string): Promise<Map<number, SlotRow[]>> {
    const rows: { centreUnitId: number | string; timeWindow: string; day: string | null; slots: number | string }[] = await manager.query(
      `SELECT centreUnitId, timeWindow, day, slots FROM delivery_slot_capacity WHERE centreUnitId IN (${sqlPlaceholders(centres)}) AND (day IS NULL OR (day >= ? AND day <= ?))`,
      [...centres, from, to],
    );
    const out = new Map<number, SlotRow[]>();
    for (const r of rows) {
      const id = Number(r.centreUnitId);
      out.set(id, [...(out.get(id) ?? []), { timeWindow: r.timeWindow, day: r.day, slots: Number(r.slots) }]);
    }
    return out;
  }

  private async booked(manager: EntityManager, centres: number[], from: string, to: string): Promise<Map<number, BookedCount[]>> {
    const rows: { centreUnitId: number | string; day: string; timeWindow: string; booked: number | string }[] = await manager.query(
      `SELECT centreUnitId, day, timeWindow, COUNT(*) AS booked FROM delivery_booking
        WHERE centreUnitId IN (${sqlPlaceholders(centres)}) AND day >= ? AND day <= ? AND status IN (${HOLDING})
        GROUP BY centreUnitId, day, timeWindow`,
      [...centres, from, to, ...SLOT_HOLDING_STATUSES],
    );
    const out = new Map<number, BookedCount[]>();
    for (const r of rows) {
      const id = Number(r.centreUnitId);
      out.set(id, [...(out.get(id) ?? []), { day: r.day, timeWindow: r.timeWindow, booked: Number(r.booked) }]);
    }
    return out;
  }
}
