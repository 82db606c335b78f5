import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';
import { PeriodicJob } from '../scheduling/periodic-job';
import { OutboxDispatcher } from './outbox-dispatcher';

/**
 * Every OUTBOX_INTERVAL_SECONDS, sends what is due: retries whose backoff ran out, messages a
 * crashed process had claimed, and messages committed before a restart. Also once soon after start.
 */
@Injectable()
export class OutboxDispatchScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(dispatcher: OutboxDispatcher, config: ConfigVariables, scheduler: SchedulerRegistry, logger: PinoLogger) {
    logger.setContext('outbox');
    this.job = new PeriodicJob(scheduler, {
      name: 'outbox:dispatch',
      intervalSeconds: config.OUTBOX_INTERVAL_SECONDS,
      firstRunAfterMs: config.OUTBOX_INTERVAL_SECONDS === 0 ? undefined : 1000,
      run: () => dispatcher.dispatchDue(),
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
