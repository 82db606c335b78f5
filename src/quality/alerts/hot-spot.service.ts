import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, In } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { siteDay } from '../../clock/site-day';
import { ComplaintCountRow, HotSpot, HotSpotOptions, hotSpots, hotSpotWindow, HotSpotWindow } from './hot-spots';
import { QualityAlertsService, RaiseOutcome } from './quality-alerts.service';
import type { PeriodicJob } from '../../scheduling/periodic-job';
import { PeriodicJobs } from '../../scheduling/periodic-jobs';
import { ComplaintCause } from '../reports/complaint-cause.entity';

const INTERVAL_NAME = 'quality:hot-spots';

/**
 * Hot-spot detection (爆发点): counts complaints per terminal, unit and cause for the current window and
 * its baseline in one grouped query over the (type, createdAt, terminal, unitId, category) index, then
 * raises one alert per spiking subject and window — so the store or team can be trained.
 */
@Injectable()
export class HotSpotService implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly alerts: QualityAlertsService,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('hot-spots');
  }

  get options(): HotSpotOptions {
    const c = this.config;
    return { windowHours: c.HOT_SPOT_WINDOW_HOURS, baselineDays: c.HOT_SPOT_BASELINE_DAYS, factor: c.HOT_SPOT_FACTOR, minCount: c.HOT_SPOT_MIN_COUNT };
  }

  onApplicationBootstrap(): void {
    this.job = this.jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: this.config.HOT_SPOT_INTERVAL_SECONDS,
      // A first run soon after start-up (after the demo seed), not only one interval later.
      firstRunAfterMs: 5_000,
      run: () => this.detect(new Date(this.clock.now())).then((r) => r.raised.length && this.logger.info({ raised: r.raised }, 'hot spots raised')),
      onError: (err: unknown) => this.logger.error({ err }, 'hot-spot detection failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** Detects the hot spots of the window `now` falls in; returns the alert keys this process raised. */
  async detect(now: Date): Promise<{ window: HotSpotWindow; spikes: HotSpot[]; raised: string[] }> {
    const options = this.options;
    const window = hotSpotWindow(now, options, this.config.SITE_UTC_OFFSET_MINUTES);
    const spikes = hotSpots(await this.countRows(window, now), options);
    const unitIds = [...new Set(spikes.map((s) => s.unitId).filter((id): id is number => id !== null))];
    const units = unitIds.length
      ? await this.db.getRepository(TerminalUnit).createQueryBuilder('u').where('u.id IN (:...ids)', { ids: unitIds }).getMany()
      : [];
    const byId = new Map(units.map((u) => [u.id, u]));
    const categories = [...new Set(spikes.filter((s) => s.subject === 'cause').map((s) => s.category!))];
    const causes = new Map((categories.length ? await this.db.getRepository(ComplaintCause).findBy({ code: In(categories) }) : []).map((c) => [c.code, c]));
    const raised: string[] = [];
    for (const spike of spikes) {
      const unit = spike.unitId !== null ? (byId.get(spike.unitId) ?? null) : null;
      const subjectKey = spike.subject === 'unit' ? `unit:${spike.terminal}:${spike.unitId}` : `cause:${spike.terminal}:${spike.category}`;
      const alertKey = `hot_spot:${subjectKey}:${window.start.toISOString()}`;
      const outcome: RaiseOutcome = (
        await this.alerts.raise(
          {
            type: 'hot_spot',
            level: 'hot_spot',
            alertKey,
            subject: spike.subject,
            terminal: spike.terminal,
            unitId: spike.unitId,
            unitCode: unit?.code ?? null,
            unitName: unit?.name ?? null,
            category: spike.category,
            periodStart: window.start,
            periodEnd: window.end,
            figures: {
              count: spike.count,
              baselineCount: spike.baselineCount,
              baselinePerWindow: spike.baselinePerWindow,
              ratio: spike.ratio,
              windowHours: options.windowHours,
              baselineDays: options.baselineDays,
              factor: options.factor,
              minCount: options.minCount,
            },
            message: this.message(spike, unit, spike.category ? (causes.get(spike.category) ?? null) : null, window),
          },
          now,
        )
      ).outcome;
      if (outcome === 'raised') raised.push(alertKey);
    }
    return { window, spikes, raised };
  }

  /** Complaints per terminal, unit and cause: in the window so far, and in the baseline before it. */
  private async countRows(window: HotSpotWindow, now: Date): Promise<ComplaintCountRow[]> {
    const raw = await this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .select('o.terminal', 'terminal')
      .addSelect('o.unitId', 'unitId')
      .addSelect('o.category', 'category')
      .addSelect('SUM(CASE WHEN o.createdAt >= :start THEN 1 ELSE 0 END)', 'recent')
      .addSelect('SUM(CASE WHEN o.createdAt < :start THEN 1 ELSE 0 END)', 'baseline')
      .where('o.type = :type', { type: 'complaint' })
      .andWhere('o.createdAt >= :baselineStart AND o.createdAt <= :now', { baselineStart: window.baselineStart, now })
      .setParameter('start', window.start)
      .groupBy('o.terminal')
      .addGroupBy('o.unitId')
      .addGroupBy('o.category')
      .getRawMany<{ terminal: string; unitId: number | string | null; category: string; recent: number | string; baseline: number | string }>();
    return raw.map((r) => ({
      terminal: r.terminal,
      unitId: r.unitId === null ? null : Number(r.unitId),
      category: r.category,
      recent: Number(r.recent),
      baseline: Number(r.baseline),
    }));
  }

  private message(spike: HotSpot, unit: TerminalUnit | null, cause: ComplaintCause | null, window: HotSpotWindow): string {
    const label = cause ? `${cause.labelZh} ${cause.labelEn} (${spike.category})` : spike.category;
    const who = spike.subject === 'unit' ? `${unit?.code ?? `unit ${spike.unitId}`} ${unit?.name ?? ''}`.trim() : `cause ${label}, ${spike.terminal}`;
    const since = `${siteDay(window.start, this.config.SITE_UTC_OFFSET_MINUTES)}`;
    const usual = spike.baselineCount === 0 ? 'no complaints in the baseline' : `${spike.baselinePerWindow} per window usually`;
    return `爆发点 hot spot: ${who} — ${spike.count} complaints in the window from ${since} (${usual}); train the store or team`.slice(0, 255);
  }
}
