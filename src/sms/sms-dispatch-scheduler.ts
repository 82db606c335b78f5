import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';
import { PeriodicJob } from '../scheduling/periodic-job';
import { SmsDispatchService } from './sms-dispatch.service';

/** Every SMS_DISPATCH_INTERVAL_SECONDS, sends the SMS that are due: retries, and sends the rate limit deferred. */
@Injectable()
export class SmsDispatchScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    private readonly dispatch: SmsDispatchService,
    private readonly config: ConfigVariables,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('sms');
  }

  onApplicationBootstrap(): void {
    this.job = new PeriodicJob(this.scheduler, {
      name: 'sms:dispatch',
      intervalSeconds: this.config.SMS_DISPATCH_INTERVAL_SECONDS,
      run: () => this.dispatch.dispatchDue(),
      onError: (err: unknown) => this.logger.error({ err }, 'SMS dispatch failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
    await this.dispatch.idle();
  }
}
