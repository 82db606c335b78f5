import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { addDays, siteDay, siteDayStart } from '../../clock/site-day';
import { QualityAlertsService } from '../alerts/quality-alerts.service';
import { UnitVolumesService } from '../volumes/unit-volumes.service';
import { CAPACITY_LEVEL_RANK, CapacityLevel, CapacityWarning, capacityWarnings, upcomingDays } from './capacity-warnings';
import type { PeriodicJob } from '../../scheduling/periodic-job';
import { PeriodicJobs } from '../../scheduling/periodic-jobs';
import type { UnitDayCapacityDto } from './dtos/capacity-view.dto';
import type { VolumesChangeDto } from '../volumes/dtos/volumes-view.dto';

const INTERVAL_NAME = 'quality:capacity-check';

export interface CapacityCheckResult {
  days: string[];
  warnings: CapacityWarning[];
  /** Alert keys this process raised or escalated. */
  raised: string[];
  escalated: string[];
}

/**
 * Logistics capacity early warning (作业量预警): compares each delivery unit's booked deliveries with its
 * capacity for the upcoming days and raises one alert per unit and day, escalated in place when the
 * load passes 100 %. Runs on a schedule and right after each volumes import or capacity change.
 */
@Injectable()
export class CapacityWarningService implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    private readonly volumes: UnitVolumesService,
    private readonly alerts: QualityAlertsService,
    private readonly config: ConfigVariables,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('capacity-warning');
  }

  onApplicationBootstrap(): void {
    this.job = this.jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: this.config.CAPACITY_CHECK_INTERVAL_SECONDS,
      // A first run soon after start-up (after the demo seed), not only one interval later.
      firstRunAfterMs: 5_000,
      run: () =>
        this.check(new Date(this.clock.now())).then(
          (r) => (r.raised.length || r.escalated.length) && this.logger.info({ raised: r.raised, escalated: r.escalated }, 'capacity warnings'),
        ),
      onError: (err: unknown) => this.logger.error({ err }, 'capacity check failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** Imports volumes (all-or-nothing), then checks capacity at once. */
  async importVolumes(rows: unknown[]): Promise<VolumesChangeDto> {
    const now = new Date(this.clock.now());
    const result = await this.volumes.import(rows, now);
    const check = await this.check(now);
    return { ...result, alerts: { raised: check.raised, escalated: check.escalated } };
  }

  /** Sets one unit's capacity for one day, then checks capacity at once. */
  async setCapacity(unitCode: string, day: string, capacity: number | null): Promise<UnitDayCapacityDto & { alerts: VolumesChangeDto['alerts'] }> {
    const now = new Date(this.clock.now());
    const result = await this.volumes.setCapacity(unitCode, day, capacity, now);
    const check = await this.check(now);
    return { ...result, alerts: { raised: check.raised, escalated: check.escalated } };
  }

  /** Checks tomorrow through CAPACITY_LOOKAHEAD_DAYS as of `now`. */
  async check(now: Date): Promise<CapacityCheckResult> {
    const offset = this.config.SITE_UTC_OFFSET_MINUTES;
    const today = siteDay(now, offset);
    const days = upcomingDays(today, this.config.CAPACITY_LOOKAHEAD_DAYS);
    const capacities = await this.volumes.capacities(days[0], days[days.length - 1]);
    const warnings = capacityWarnings(capacities, { today, lookaheadDays: this.config.CAPACITY_LOOKAHEAD_DAYS, warningPct: this.config.CAPACITY_WARNING_PCT });
    const raised: string[] = [];
    const escalated: string[] = [];
    for (const w of warnings) {
      const alertKey = `capacity:${w.unitId}:${w.date}`;
      const { outcome } = await this.alerts.raise(
        {
          type: 'capacity',
          level: w.level,
          alertKey,
          subject: 'unit',
          terminal: capacities.find((c) => c.unitId === w.unitId)!.terminal,
          unitId: w.unitId,
          unitCode: w.unitCode,
          unitName: w.unitName,
          category: null,
          periodStart: siteDayStart(w.date, offset),
          periodEnd: siteDayStart(addDays(w.date, 1), offset),
          figures: { day: w.date, bookings: w.bookings, capacity: w.capacity, loadPct: w.loadPct, warningPct: this.config.CAPACITY_WARNING_PCT },
          message: message(w),
        },
        now,
        (level) => CAPACITY_LEVEL_RANK[level as CapacityLevel] ?? 0,
      );
      if (outcome === 'raised') raised.push(alertKey);
      if (outcome === 'escalated') escalated.push(alertKey);
    }
    return { days, warnings, raised, escalated };
  }
}

function message(w: CapacityWarning): string {
  const load = w.loadPct === null ? 'no capacity that day' : `${w.loadPct} % of capacity`;
  const what = w.level === 'over_capacity' ? 'over capacity' : 'near capacity';
  return `作业量预警 ${w.unitCode} ${w.unitName} ${w.date}: ${w.bookings} booked deliveries for a capacity of ${w.capacity} (${load}) — ${what}`.slice(0, 255);
}
