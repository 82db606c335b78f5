/**
 * A centre's remaining capacity per day and time window — pure. The slots come from configuration
 * (`delivery_slot_capacity`: every day's figure per window, a day's row overriding it), the bookings
 * from the bookings themselves; nothing is typed in as "booked".
 */

export interface SlotRow {
  timeWindow: string;
  /** null: every day. */
  day: string | null;
  slots: number;
}

export interface BookedCount {
  day: string;
  timeWindow: string;
  booked: number;
}

export interface WindowCapacity {
  timeWindow: string;
  slots: number;
  booked: number;
  /** slots − booked; negative when the window is over capacity. */
  remaining: number;
}

export interface DayCapacity {
  day: string;
  windows: WindowCapacity[];
  slots: number;
  booked: number;
  remaining: number;
}

/** The windows a centre runs on `day`, with their slots: the day's own rows where given, else every day's. */
export function windowsOf(slotRows: SlotRow[], day: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of slotRows) if (row.day === null) out.set(row.timeWindow, row.slots);
  for (const row of slotRows) if (row.day === day) out.set(row.timeWindow, row.slots);
  return out;
}

/** Each day's windows with slots, bookings and what is left; windows sorted by time, a booked window without slots shown with 0. */
export function dayCapacities(days: string[], slotRows: SlotRow[], booked: BookedCount[]): DayCapacity[] {
  const counts = new Map(booked.map((b) => [`${b.day}\u0000${b.timeWindow}`, b.booked]));
  return days.map((day) => {
    const windows = windowsOf(slotRows, day);
    for (const b of booked) if (b.day === day && !windows.has(b.timeWindow)) windows.set(b.timeWindow, 0);
    const list = [...windows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([timeWindow, slots]) => {
        const n = counts.get(`${day}\u0000${timeWindow}`) ?? 0;
        return { timeWindow, slots, booked: n, remaining: slots - n };
      });
    const slots = list.reduce((s, w) => s + w.slots, 0);
    const total = list.reduce((s, w) => s + w.booked, 0);
    return { day, windows: list, slots, booked: total, remaining: slots - total };
  });
}
