import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';
import type { PeriodicJob } from '../scheduling/periodic-job';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { OutboxDispatcher } from './outbox-dispatcher';

/**
 * Every OUTBOX_INTERVAL_SECONDS, sends what is due: retries whose backoff ran out, messages a
 * crashed process had claimed, and messages committed before a restart. Also once soon after start.
 * One process a tick with several (PeriodicJobs); each process still sends at once what it commits.
 */
@Injectable()
export class OutboxDispatchScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(dispatcher: OutboxDispatcher, config: ConfigVariables, jobs: PeriodicJobs, logger: PinoLogger) {
    logger.setContext('outbox');
    this.job = jobs.create({
      name: 'outbox:dispatch',
      intervalSeconds: config.OUTBOX_INTERVAL_SECONDS,
      firstRunAfterMs: config.OUTBOX_INTERVAL_SECONDS === 0 ? undefined : 1000,
      run: () => dispatcher.claimDue(),
      onError: (err) => logger.error({ err }, 'outbox dispatch failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
