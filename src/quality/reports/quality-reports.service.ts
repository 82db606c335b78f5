import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { shiftRange, siteDay, siteDayRange, SiteDayRange } from '../../clock/site-day';
import { isUniqueViolation } from '../../database/unique-violation';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { UnitVolumesService } from '../volumes/unit-volumes.service';
import { ComplaintCause } from './complaint-cause.entity';
import { buildComplaintReport, PeriodInput, UnitVolume } from './complaint-figures';
import { ComplaintStatsService } from './complaint-stats.service';
import { ListReportsQuery } from './dtos/report.dto';
import { QualityReport } from './quality-report.entity';
import type { ComplaintReportView, ReportSummaryPage, ReportSummaryView, ReportViewDto } from './dtos/report-views.dto';

export const MAX_REPORT_DAYS = 366;

/**
 * Quality reports (每日总结各终端服务质量报告): computes them from the records (through
 * ComplaintStatsService and the pure buildComplaintReport), stores each as computed and serves the
 * stored copy — the API, the page, the CSV and the PDF all read that one payload.
 */
@Injectable()
export class QualityReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: ComplaintStatsService,
    private readonly volumes: UnitVolumesService,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  private get offset(): number {
    return this.config.SITE_UTC_OFFSET_MINUTES;
  }

  /** The report over site days from–to, against the period before and the same period a week earlier. Not stored. */
  async compute(from: string, to: string): Promise<ComplaintReportView> {
    const range = siteDayRange(from, to, this.offset, MAX_REPORT_DAYS);
    const [units, causes, current, previous, previousWeek] = await Promise.all([
      this.db.getRepository(TerminalUnit).find({ select: { id: true, code: true, name: true, terminal: true } }),
      this.db.getRepository(ComplaintCause).find(),
      this.period(range),
      this.period(shiftRange(range, -range.days, this.offset)),
      this.period(shiftRange(range, -7, this.offset)),
    ]);
    return buildComplaintReport(current, previous, previousWeek, { units, causes });
  }

  private async period(range: SiteDayRange): Promise<PeriodInput> {
    const [groups, days] = await Promise.all([this.stats.groups(range.start, range.end), this.volumes.volumes(range.from, range.to)]);
    // Each unit's days summed; a kind never imported for the unit stays null (no rate), not 0.
    const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
    const byUnit = new Map<number, UnitVolume>();
    for (const d of days) {
      const v = byUnit.get(d.unitId) ?? { unitId: d.unitId, bookedDeliveries: null, sales: null };
      byUnit.set(d.unitId, { unitId: d.unitId, bookedDeliveries: add(v.bookedDeliveries, d.bookedDeliveries), sales: add(v.sales, d.sales) });
    }
    return { from: range.from, to: range.to, groups, volumes: [...byUnit.values()] };
  }

  /** On demand, for any range: computed now and stored as a new report. */
  async generate(from: string, to: string, principal: StaffPrincipal): Promise<ReportViewDto> {
    const report = await this.compute(from, to);
    const saved = await this.db.getRepository(QualityReport).save({
      kind: 'on_demand',
      fromDay: from,
      toDay: to,
      dailyKey: null,
      generatedAt: new Date(this.clock.now()),
      generatedBy: principal.jobNumber,
      payload: report,
    });
    return view(saved);
  }

  /**
   * The daily report of a site day: the stored one, or — once the day is over — computed and stored
   * now. Several processes may try at once: the unique day key keeps one, and the others read it.
   */
  async daily(day: string): Promise<ReportViewDto> {
    const range = siteDayRange(day, day, this.offset, 1);
    const existing = await this.db.getRepository(QualityReport).findOneBy({ dailyKey: day });
    if (existing) return view(existing);
    const now = new Date(this.clock.now());
    if (range.end > now)
      throw new NotFoundException(
        `The daily report of ${day} is made once the day is over (site time); ask for a range report (POST /quality/reports) for figures so far`,
      );
    const report = await this.compute(day, day);
    try {
      const saved = await this.db.getRepository(QualityReport).save({
        kind: 'daily',
        fromDay: day,
        toDay: day,
        dailyKey: day,
        generatedAt: now,
        generatedBy: null,
        payload: report,
      });
      return view(saved);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return view(await this.db.getRepository(QualityReport).findOneByOrFail({ dailyKey: day }));
    }
  }

  /** The previous site day's report, if it is not made yet (the scheduler's job). Returns the day made, or null. */
  async makeYesterdays(now: Date): Promise<string | null> {
    const yesterday = siteDay(new Date(now.getTime() - 86_400_000), this.offset);
    if (await this.db.getRepository(QualityReport).existsBy({ dailyKey: yesterday })) return null;
    await this.daily(yesterday);
    return yesterday;
  }

  async get(id: number): Promise<ReportViewDto> {
    const found = await this.db.getRepository(QualityReport).findOneBy({ id });
    if (!found) throw new NotFoundException(`No quality report ${id}`);
    return view(found);
  }

  /** Newest first, without the figures. */
  async list(query: ListReportsQuery): Promise<ReportSummaryPage> {
    const limit = query.limit ?? 20;
    const qb = this.db
      .getRepository(QualityReport)
      .createQueryBuilder('r')
      .select(['r.id', 'r.kind', 'r.fromDay', 'r.toDay', 'r.generatedAt', 'r.generatedBy'])
      .orderBy('r.id', 'DESC')
      .limit(limit + 1);
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    if (query.from) qb.andWhere('r.fromDay >= :from', { from: query.from });
    if (query.to) qb.andWhere('r.fromDay <= :to', { to: query.to });
    if (query.cursor) qb.andWhere('r.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return { items: page.map(summary), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }
}

function summary(r: QualityReport): ReportSummaryView {
  return { id: r.id, kind: r.kind, from: r.fromDay, to: r.toDay, generatedAt: r.generatedAt.toISOString(), generatedBy: r.generatedBy };
}

function view(r: QualityReport): ReportViewDto {
  return { ...summary(r), report: r.payload };
}
