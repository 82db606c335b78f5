import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { Subscription } from 'rxjs';
import { DataSource, In } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { WorkOrderEvents } from '../../work-orders/work-order-events.service';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { CallbackVisit } from './callback-visit.entity';
import { CallbackVisitsService } from './callback-visits.service';
import type { PeriodicJob } from '../../scheduling/periodic-job';
import { PeriodicJobs } from '../../scheduling/periodic-jobs';

const INTERVAL_NAME = 'quality:callback-sweep';
const BATCH = 500;
/** The sweep looks back this far for closes without a visit (a process that died between the close and scheduling). */
export const SWEEP_LOOKBACK_DAYS = 7;

/**
 * Schedules a callback visit (回访) for every close of a work order, never losing nor doubling one:
 * at once from the `closed` event the work-order module publishes after its commit, and by a
 * periodic sweep (CALLBACK_SWEEP_INTERVAL_SECONDS; `sweep(now)` for tests) for closes whose event was
 * lost — a crash, or another process. Both go through the same idempotent insert (unique on the
 * close audit entry), so any number of processes may do both at once.
 */
@Injectable()
export class CallbackSchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private job?: PeriodicJob;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly visits: CallbackVisitsService,
    private readonly events: WorkOrderEvents,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('callback-visits');
  }

  onApplicationBootstrap(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type !== 'closed') return;
      const work = this.visits
        .scheduleForOrder(event.workOrderId)
        .catch((err: unknown) => this.logger.error({ err, workOrder: event.workOrderNumber }, 'could not schedule the callback visit; the sweep will'))
        .finally(() => this.pending.delete(work));
      this.pending.add(work);
    });
    this.job = this.jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: this.config.CALLBACK_SWEEP_INTERVAL_SECONDS,
      run: () =>
        this.sweep(new Date(this.clock.now())).then(
          (r) => r.scheduled.length && this.logger.info({ scheduled: r.scheduled }, 'callback visits scheduled by the sweep'),
        ),
      onError: (err: unknown) => this.logger.error({ err }, 'callback sweep failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await Promise.allSettled([...this.pending, this.job?.stop()]);
  }

  /** Resolves once the visits for every close event received so far are scheduled (for tests). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Schedules visits for orders closed within the look-back window before `now` whose latest close has none; returns their numbers. */
  async sweep(now: Date): Promise<{ scheduled: string[] }> {
    const since = new Date(now.getTime() - SWEEP_LOOKBACK_DAYS * 86_400_000);
    const scheduled: string[] = [];
    let after = { closedAt: since, id: 0 };
    for (;;) {
      // Walks IDX_work_order_open (closedAt, id, …): only closed orders of the window.
      const orders = await this.db
        .getRepository(WorkOrder)
        .createQueryBuilder('o')
        .select(['o.id', 'o.number', 'o.closedAt'])
        .where('o.closedAt IS NOT NULL AND o.closedAt <= :now', { now })
        .andWhere('(o.closedAt > :afterAt OR (o.closedAt = :afterAt AND o.id > :afterId))', { afterAt: after.closedAt, afterId: after.id })
        .orderBy('o.closedAt', 'ASC')
        .addOrderBy('o.id', 'ASC')
        .limit(BATCH)
        .getMany();
      if (orders.length === 0) return { scheduled };
      const visited = await this.db.getRepository(CallbackVisit).find({
        where: { workOrderId: In(orders.map((o) => o.id)) },
        select: { workOrderId: true, closedAt: true },
      });
      const has = new Set(visited.map((v) => `${v.workOrderId}@${v.closedAt.getTime()}`));
      for (const order of orders) {
        if (has.has(`${order.id}@${order.closedAt!.getTime()}`)) continue;
        if (await this.visits.scheduleForOrder(order.id)) scheduled.push(order.number);
      }
      if (orders.length < BATCH) return { scheduled };
      const last = orders[orders.length - 1];
      after = { closedAt: last.closedAt!, id: last.id };
    }
  }
}
