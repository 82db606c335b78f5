import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConflictException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import type { PeriodicJob } from '../../scheduling/periodic-job';
import { PeriodicJobs } from '../../scheduling/periodic-jobs';
import { PersonalDataService } from './personal-data.service';

const INTERVAL_NAME = 'customers:data-retention';
const BATCH = 100;
/** At most this many customers erased per run: a first run on an old database spreads over several. */
const MAX_PER_RUN = 2000;
const DAY_MS = 86_400_000;

/**
 * The retention periods of personal data (PIPL art. 19: kept no longer than the purpose needs):
 * recording links older than RECORDING_RETENTION_DAYS are cleared, and customers inactive for
 * CUSTOMER_RETENTION_DAYS are erased as on request (audited as `retention`, by `system`). Both 0 by
 * default (kept). Every step is idempotent, so several processes may run it.
 */
@Injectable()
export class DataRetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    private readonly personalData: PersonalDataService,
    private readonly config: ConfigVariables,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('data-retention');
  }

  onApplicationBootstrap(): void {
    if (this.config.RECORDING_RETENTION_DAYS === 0 && this.config.CUSTOMER_RETENTION_DAYS === 0) return;
    this.job = this.jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: this.config.RETENTION_SWEEP_INTERVAL_SECONDS,
      run: () => this.sweep(new Date(this.clock.now())).then((r) => (r.recordings || r.customers) && this.logger.info(r, 'retention sweep')),
      onError: (err: unknown) => this.logger.error({ err }, 'retention sweep failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** One pass at `now`; returns how many recording links were cleared and customers erased. */
  async sweep(now: Date): Promise<{ recordings: number; customers: number }> {
    let recordings = 0;
    if (this.config.RECORDING_RETENTION_DAYS > 0) {
      recordings = await this.personalData.expireRecordings(new Date(now.getTime() - this.config.RECORDING_RETENTION_DAYS * DAY_MS));
    }
    let customers = 0;
    if (this.config.CUSTOMER_RETENTION_DAYS > 0) {
      const before = new Date(now.getTime() - this.config.CUSTOMER_RETENTION_DAYS * DAY_MS);
      let afterId = 0;
      while (customers < MAX_PER_RUN) {
        const ids = await this.personalData.inactiveCustomers(before, afterId, BATCH);
        if (ids.length === 0) break;
        for (const id of ids) {
          try {
            await this.personalData.erase(
              id,
              'system',
              `inactive since before ${before.toISOString().slice(0, 10)} (CUSTOMER_RETENTION_DAYS=${this.config.CUSTOMER_RETENTION_DAYS})`,
              'retention',
            );
            customers++;
          } catch (error) {
            // A callback visit still to make: the next run tries again.
            if (!(error instanceof ConflictException)) throw error;
          }
        }
        afterId = ids[ids.length - 1];
      }
    }
    return { recordings, customers };
  }
}
