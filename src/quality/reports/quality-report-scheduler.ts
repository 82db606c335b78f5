import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { QualityReportsService } from './quality-reports.service';

const INTERVAL_NAME = 'quality:daily-report';

/**
 * Makes the previous site day's report (每日总结各终端服务质量报告) once the day is over, checking
 * every QUALITY_REPORT_INTERVAL_SECONDS (0: off). Safe with several processes: the report's unique
 * day key lets one insert win and the others read it.
 */
@Injectable()
export class QualityReportScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly reports: QualityReportsService,
    private readonly config: ConfigVariables,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('quality-reports');
  }

  onApplicationBootstrap(): void {
    if (this.config.QUALITY_REPORT_INTERVAL_SECONDS === 0) return;
    const timer = setInterval(() => this.tick(), this.config.QUALITY_REPORT_INTERVAL_SECONDS * 1000);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reports.makeYesterdays(new Date(this.clock.now()))
      .then((day) => day && this.logger.info({ day }, 'daily quality report made'))
      .catch((err) => this.logger.error({ err }, 'daily quality report failed'))
      .finally(() => (this.running = null));
  }
}
