import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { RedisConnection } from '../redis/redis-connection';
import { PeriodicJob, PeriodicJobOptions } from './periodic-job';

/**
 * Makes the server's periodic jobs. With REDIS_URL every process schedules the same jobs, and each
 * run first takes a site-wide claim in Redis (`SET NX PX`, one second shorter than the interval):
 * the first process to tick does the run, the others skip it — one SLA scan, one hot-spot check,
 * one retention sweep per interval for the site, not one per process. A claim that cannot be asked
 * (Redis away) runs anyway: every job guards its own writes, so a doubled run is waste, not harm,
 * and a skipped one could be an escalation not made. Without REDIS_URL there is nothing to claim.
 */
@Injectable()
export class PeriodicJobs {
  /** This process, as the holder of the claims it takes. */
  private readonly holder = randomUUID();

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly redis: RedisConnection,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('periodic-jobs');
  }

  create(options: PeriodicJobOptions): PeriodicJob {
    return new PeriodicJob(this.scheduler, this.redis.enabled ? { ...options, claimRun: () => this.claim(options) } : options);
  }

  private async claim({ name, intervalSeconds }: PeriodicJobOptions): Promise<boolean> {
    const intervalMs = intervalSeconds * 1000;
    // Shorter than the interval, so the process that ran last is free to run the next tick on time.
    const holdMs = Math.max(intervalMs - 1000, Math.ceil(intervalMs / 2));
    try {
      return (await this.redis.client!.set(`${this.redis.keyPrefix}:job:${name}`, this.holder, 'PX', holdMs, 'NX')) === 'OK';
    } catch (error) {
      this.logger.warn({ err: error, job: name }, 'could not claim the run in Redis; running it here');
      return true;
    }
  }
}
