/**
 * Hot spots (爆发点: "针对爆发点对相关人员进行培训") — pure: complaint counts in, spikes out.
 *
 * Windows are fixed slots of `windowHours` aligned to the site's midnight (24 h → the site day), so a
 * subject raises at most one alert per window however often detection runs. The recent count covers
 * the current window so far; the baseline is the subject's own complaints over the `baselineDays`
 * before the window, averaged per window (count ÷ (baselineDays × 24 ÷ windowHours)).
 *
 * A subject — a unit (store, centre, team) or a cause (work-order category), each per terminal — is a
 * hot spot when its recent count reaches `minCount` AND at least `factor` × its baseline per window.
 * A subject with no history has baseline 0, so it is a hot spot by the minimum count alone (a new
 * store with five complaints in a day is worth a look). Complaints without a unit count for their cause only.
 */

export interface ComplaintCountRow {
  terminal: string;
  unitId: number | null;
  category: string;
  /** Complaints created in the current window so far. */
  recent: number;
  /** Complaints created in the baseline period before the window. */
  baseline: number;
}

export interface HotSpotOptions {
  windowHours: number;
  baselineDays: number;
  factor: number;
  minCount: number;
}

export interface HotSpot {
  subject: 'unit' | 'cause';
  terminal: string;
  unitId: number | null;
  category: string | null;
  count: number;
  baselineCount: number;
  /** Average complaints per window over the baseline period, two decimals. */
  baselinePerWindow: number;
  /** count ÷ baseline per window, one decimal; null with no baseline. */
  ratio: number | null;
}

export interface HotSpotWindow {
  start: Date;
  end: Date;
  baselineStart: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The window `now` falls in, aligned to the site's midnight, and where its baseline starts. */
export function hotSpotWindow(now: Date, options: Pick<HotSpotOptions, 'windowHours' | 'baselineDays'>, utcOffsetMinutes: number): HotSpotWindow {
  const size = options.windowHours * HOUR_MS;
  const offset = utcOffsetMinutes * 60_000;
  const start = Math.floor((now.getTime() + offset) / size) * size - offset;
  return { start: new Date(start), end: new Date(start + size), baselineStart: new Date(start - options.baselineDays * DAY_MS) };
}

/** Counts raw complaints into rows per terminal, unit and cause (what the SQL GROUP BY gives the service). */
export function countComplaints(
  complaints: { terminal: string; unitId: number | null; category: string; createdAt: Date }[],
  window: HotSpotWindow,
  now: Date,
): ComplaintCountRow[] {
  const rows = new Map<string, ComplaintCountRow>();
  for (const c of complaints) {
    const t = c.createdAt.getTime();
    const recent = t >= window.start.getTime() && t <= now.getTime();
    const baseline = t >= window.baselineStart.getTime() && t < window.start.getTime();
    if (!recent && !baseline) continue;
    const key = `${c.terminal}\u0000${c.unitId ?? ''}\u0000${c.category}`;
    const row = rows.get(key) ?? { terminal: c.terminal, unitId: c.unitId, category: c.category, recent: 0, baseline: 0 };
    if (recent) row.recent++;
    else row.baseline++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

export function hotSpots(rows: ComplaintCountRow[], options: HotSpotOptions): HotSpot[] {
  const windowsInBaseline = (options.baselineDays * 24) / options.windowHours;
  const subjects = new Map<string, HotSpot>();
  const add = (key: string, seed: Omit<HotSpot, 'count' | 'baselineCount' | 'baselinePerWindow' | 'ratio'>, row: ComplaintCountRow) => {
    const subject = subjects.get(key) ?? { ...seed, count: 0, baselineCount: 0, baselinePerWindow: 0, ratio: null };
    subject.count += row.recent;
    subject.baselineCount += row.baseline;
    subjects.set(key, subject);
  };
  for (const row of rows) {
    if (row.unitId !== null)
      add(`unit\u0000${row.terminal}\u0000${row.unitId}`, { subject: 'unit', terminal: row.terminal, unitId: row.unitId, category: null }, row);
    add(`cause\u0000${row.terminal}\u0000${row.category}`, { subject: 'cause', terminal: row.terminal, unitId: null, category: row.category }, row);
  }
  const spikes: HotSpot[] = [];
  for (const s of subjects.values()) {
    const perWindow = s.baselineCount / windowsInBaseline;
    if (s.count < options.minCount || s.count < options.factor * perWindow) continue;
    spikes.push({ ...s, baselinePerWindow: Math.round(perWindow * 100) / 100, ratio: perWindow > 0 ? Math.round((s.count / perWindow) * 10) / 10 : null });
  }
  return spikes.sort(
    (a, b) =>
      b.count - a.count ||
      a.subject.localeCompare(b.subject) ||
      a.terminal.localeCompare(b.terminal) ||
      String(a.unitId ?? a.category).localeCompare(String(b.unitId ?? b.category)),
  );
}
