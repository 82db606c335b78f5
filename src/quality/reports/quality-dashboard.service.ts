import { Inject, Injectable } from '@nestjs/common';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { DAY_MS, siteDay, siteDayRange } from '../../clock/site-day';
import { Terminal, TERMINALS } from '../../organisation/terminals';
import { QualityAlertsService } from '../alerts/quality-alerts.service';
import { UnitVolumesService } from '../volumes/unit-volumes.service';
import { ComplaintStatsService } from './complaint-stats.service';
import { DashboardQuery } from './dtos/report.dto';
import { QualityReportsService } from './quality-reports.service';
import type { QualityDashboardView } from './dtos/report-views.dto';

const TOP = 10;

/** The quality dashboard: the last N site days (default 30, to today — so today's alerts sit beside today's complaints) of complaints by terminal, top units and causes; open alerts and the coming days' capacity. */
@Injectable()
export class QualityDashboardService {
  constructor(
    private readonly reports: QualityReportsService,
    private readonly stats: ComplaintStatsService,
    private readonly alerts: QualityAlertsService,
    private readonly volumes: UnitVolumesService,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async build(query: DashboardQuery): Promise<QualityDashboardView> {
    const offset = this.config.SITE_UTC_OFFSET_MINUTES;
    const days = query.days ?? 30;
    const to = query.to ?? siteDay(new Date(this.clock.now()), offset);
    const last = siteDayRange(to, to, offset, 1);
    const from = siteDay(new Date(last.start.getTime() - (days - 1) * DAY_MS), offset);
    const range = siteDayRange(from, to, offset, days);
    const now = this.clock.now();
    const tomorrow = siteDay(new Date(now + DAY_MS), offset);
    const lastAhead = siteDay(new Date(now + this.config.CAPACITY_LOOKAHEAD_DAYS * DAY_MS), offset);
    const [report, counts, openAlerts, capacity] = await Promise.all([
      this.reports.compute(from, to),
      this.stats.dailyByTerminal(range.start, range.end, offset),
      this.alerts.list({ status: 'open', limit: 50 }),
      this.volumes.capacities(tomorrow, lastAhead),
    ]);

    const dates = Array.from({ length: days }, (_, i) => siteDay(new Date(range.start.getTime() + i * DAY_MS), offset));
    const index = new Map(dates.map((d, i) => [d, i]));
    const series = Object.fromEntries(TERMINALS.map((t) => [t, new Array<number>(days).fill(0)])) as Record<Terminal, number[]>;
    for (const c of counts) {
      const i = index.get(c.day);
      if (i !== undefined) series[c.terminal][i] += c.complaints;
    }
    const topUnits = report.terminals
      .flatMap((t) => t.units.map((u) => ({ ...u, terminal: t.terminal })))
      .filter((u) => u.complaints > 0)
      .sort((a, b) => b.complaints - a.complaints || (a.code ?? '~').localeCompare(b.code ?? '~'))
      .slice(0, TOP);
    return {
      from,
      to,
      days,
      dates,
      series,
      totals: report.totals,
      terminals: report.terminals.map(({ units: _u, topCauses: _c, ...t }) => t),
      topUnits,
      topCauses: report.topCauses,
      openAlerts,
      capacity,
    };
  }
}
