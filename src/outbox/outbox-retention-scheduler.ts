import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import type { PeriodicJob } from '../scheduling/periodic-job';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { OutboxStore } from './outbox-store.service';

const DAY_MS = 86_400_000;
/** Rows per delete: each batch is its own short transaction, so enqueuing and claiming never wait long behind it. */
export const OUTBOX_PURGE_BATCH = 1000;
/** At most this many deleted per run: a first run on a year of messages spreads over several. */
const MAX_PER_RUN = 100_000;

/**
 * The outbox's retention: delivered messages are kept OUTBOX_DELIVERED_RETENTION_DAYS (7) for the
 * supervisors' page and an inquiry, then deleted in batches, every OUTBOX_RETENTION_INTERVAL_SECONDS —
 * once per site with several processes (PeriodicJobs). Pending messages and dead letters are kept:
 * a dead letter waits for a supervisor's replay.
 */
@Injectable()
export class OutboxRetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job?: PeriodicJob;

  constructor(
    private readonly store: OutboxStore,
    private readonly config: ConfigVariables,
    jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('outbox');
    if (config.OUTBOX_DELIVERED_RETENTION_DAYS === 0) return;
    this.job = jobs.create({
      name: 'outbox:retention',
      intervalSeconds: config.OUTBOX_RETENTION_INTERVAL_SECONDS,
      // A server restarted more often than the interval still purges.
      firstRunAfterMs: 60_000,
      run: () => this.sweep().then((deleted) => deleted > 0 && this.logger.info({ deleted }, 'outbox retention: delivered messages deleted')),
      onError: (err) => logger.error({ err }, 'outbox retention failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.job?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** One pass: deletes what was delivered more than the retention's days ago, a batch at a time; returns how many. */
  async sweep(): Promise<number> {
    const days = this.config.OUTBOX_DELIVERED_RETENTION_DAYS;
    if (days === 0) return 0;
    const before = new Date(this.clock.now() - days * DAY_MS);
    let deleted = 0;
    while (deleted < MAX_PER_RUN) {
      const batch = await this.store.purgeDelivered(before, Math.min(OUTBOX_PURGE_BATCH, MAX_PER_RUN - deleted));
      deleted += batch;
      if (batch < OUTBOX_PURGE_BATCH) break;
    }
    return deleted;
  }
}
