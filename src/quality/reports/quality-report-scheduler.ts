import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import type { PeriodicJob } from '../../scheduling/periodic-job';
import { PeriodicJobs } from '../../scheduling/periodic-jobs';
import { QualityReportsService } from './quality-reports.service';

const INTERVAL_NAME = 'quality:daily-report';

/**
 * Makes the previous site day's report (每日总结各终端服务质量报告) once the day is over, checking
 * every QUALITY_REPORT_INTERVAL_SECONDS (0: off). Safe with several processes: the report's unique
 * day key lets one insert win and the others read it.
 */
@Injectable()
export class QualityReportScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(reports: QualityReportsService, config: ConfigVariables, jobs: PeriodicJobs, logger: PinoLogger, @Inject(APP_CLOCK) clock: AppClock) {
    logger.setContext('quality-reports');
    this.job = jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: config.QUALITY_REPORT_INTERVAL_SECONDS,
      run: () => reports.makeYesterdays(new Date(clock.now())).then((day) => day && logger.info({ day }, 'daily quality report made')),
      onError: (err) => logger.error({ err }, 'daily quality report failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
