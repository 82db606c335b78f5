import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Terminal } from '../../organisation/terminals';
import { toSqlDateTime } from '../../database/sql-datetime';
import { SqlDialect, sqlDialect } from '../../database/sql-dialect';
import { ComplaintGroup, zeroCounts } from './complaint-figures';

/** The SQL that differs between the engines, in one place. */
const dialect = {
  seconds: (engine: SqlDialect, from: string, to: string) =>
    engine === 'mysql' ? `TIMESTAMPDIFF(SECOND, ${from}, ${to})` : `CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400) AS INTEGER)`,
  /** The site day (YYYY-MM-DD) of a stored UTC datetime. */
  siteDay: (engine: SqlDialect, column: string, offsetMinutes: number) =>
    engine === 'mysql'
      ? `DATE_FORMAT(DATE_ADD(${column}, INTERVAL ${Math.trunc(offsetMinutes)} MINUTE), '%Y-%m-%d')`
      : `date(${column}, '${offsetMinutes >= 0 ? '+' : ''}${Math.trunc(offsetMinutes)} minutes')`,
};

export interface DailyTerminalCount {
  day: string;
  terminal: Terminal;
  complaints: number;
}

/**
 * Counts complaints in the database, grouped by (terminal, unit, cause): what was created, what was
 * closed (with resolution time, SLA kept and reopened), the claims paid, and the callback visits'
 * (回访) satisfaction recorded, in a period [start, end).
 * Each is one GROUP BY over a covering index (IDX_work_order_type_created, IDX_work_order_quality_closed), so a day or
 * a month of a million-order table is an index range scan. Read only.
 */
/** A complaint group's key as the queries below select it. */
type GroupRow = { terminal: Terminal; unitId: unknown; category: string };
/** A COUNT or SUM: a number or a numeric string, as the driver returns it; SUM over no rows is NULL. */
type Figure = number | string | null;

@Injectable()
export class ComplaintStatsService {
  private readonly engine: SqlDialect;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.engine = sqlDialect(db);
  }

  async groups(start: Date, end: Date): Promise<ComplaintGroup[]> {
    const range = [toSqlDateTime(start), toSqlDateTime(end)];
    const [created, closed, claims, visits] = await Promise.all([
      this.db.query<(GroupRow & { n: Figure })[]>(
        `SELECT terminal, unitId, category, COUNT(*) AS n FROM work_order
         WHERE type = 'complaint' AND createdAt >= ? AND createdAt < ? GROUP BY terminal, unitId, category`,
        range,
      ),
      this.db.query<(GroupRow & { n: Figure; seconds: Figure; kept: Figure; reopened: Figure })[]>(
        `SELECT terminal, unitId, category, COUNT(*) AS n, SUM(${dialect.seconds(this.engine, 'createdAt', 'closedAt')}) AS seconds,
                SUM(CASE WHEN closedAt <= dueAt THEN 1 ELSE 0 END) AS kept, SUM(CASE WHEN reopenCount > 0 THEN 1 ELSE 0 END) AS reopened
         FROM work_order WHERE type = 'complaint' AND closedAt >= ? AND closedAt < ? GROUP BY terminal, unitId, category`,
        range,
      ),
      this.db.query<(GroupRow & { n: Figure; amount: Figure })[]>(
        `SELECT COALESCE(u.terminal, w.terminal) AS terminal, COALESCE(c.responsibleUnitId, w.unitId) AS unitId, w.category AS category,
                COUNT(*) AS n, SUM(c.amount) AS amount
         FROM work_order_claim c JOIN work_order w ON w.id = c.workOrderId
         LEFT JOIN terminal_unit u ON u.id = COALESCE(c.responsibleUnitId, w.unitId)
         WHERE c.status = 'paid' AND c.paidAt >= ? AND c.paidAt < ?
         GROUP BY COALESCE(u.terminal, w.terminal), COALESCE(c.responsibleUnitId, w.unitId), w.category`,
        range,
      ),
      this.db.query<(GroupRow & { n: Figure; satisfaction: Figure })[]>(
        `SELECT w.terminal AS terminal, w.unitId AS unitId, w.category AS category, COUNT(*) AS n, SUM(v.satisfaction) AS satisfaction
         FROM callback_visit v JOIN work_order w ON w.id = v.workOrderId
         WHERE v.completedAt >= ? AND v.completedAt < ? AND v.satisfaction IS NOT NULL AND w.type = 'complaint'
         GROUP BY w.terminal, w.unitId, w.category`,
        range,
      ),
    ]);
    const byKey = new Map<string, ComplaintGroup>();
    const at = (row: GroupRow): ComplaintGroup => {
      const unitId = row.unitId === null || row.unitId === undefined ? null : Number(row.unitId);
      const key = `${row.terminal}/${unitId}/${row.category}`;
      let g = byKey.get(key);
      if (!g) {
        g = {
          terminal: row.terminal,
          unitId,
          cause: row.category,
          ...zeroCounts(),
        };
        byKey.set(key, g);
      }
      return g;
    };
    for (const r of created) at(r).complaints += Number(r.n);
    for (const r of closed) {
      const g = at(r);
      g.closed += Number(r.n);
      g.resolutionSecondsSum += Number(r.seconds ?? 0);
      g.slaKept += Number(r.kept ?? 0);
      g.reopened += Number(r.reopened ?? 0);
    }
    for (const r of claims) {
      const g = at(r);
      g.claimsPaid += Number(r.n);
      g.claimsPaidAmount += Number(r.amount ?? 0);
    }
    for (const r of visits) {
      const g = at(r);
      g.satisfactionCount += Number(r.n);
      g.satisfactionSum += Number(r.satisfaction ?? 0);
    }
    return [...byKey.values()];
  }

  /** Complaints created per site day and terminal in [start, end): the dashboard's series. */
  async dailyByTerminal(start: Date, end: Date, utcOffsetMinutes: number): Promise<DailyTerminalCount[]> {
    const day = dialect.siteDay(this.engine, 'createdAt', utcOffsetMinutes);
    const rows: { day: string; terminal: Terminal; n: unknown }[] = await this.db.query(
      `SELECT ${day} AS day, terminal, COUNT(*) AS n FROM work_order
       WHERE type = 'complaint' AND createdAt >= ? AND createdAt < ? GROUP BY ${day}, terminal ORDER BY day, terminal`,
      [toSqlDateTime(start), toSqlDateTime(end)],
    );
    return rows.map((r) => ({ day: String(r.day), terminal: r.terminal, complaints: Number(r.n) }));
  }
}
