import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { ConfigVariables } from '../../config/config-variables';
import { TransactionRunner } from '../database/transaction-runner';
import type { PeriodicJob } from '../scheduling/periodic-job';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { TRANSITIONS } from './lifecycle';
import { WorkOrderAudit } from './work-order-audit.entity';
import { changedEvent, WorkOrderEvent } from './work-order-events.service';
import { WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrder } from './work-order.entity';

const BATCH = 200;
const INTERVAL_NAME = 'work-orders:sla-escalation';

/**
 * Escalates overdue work orders to the supervisors, each exactly once however many server processes
 * scan at the same moment: the escalation is a conditional UPDATE that clears `escalateAt`, and only
 * the process whose update touched the row (affected = 1) writes the audit entry and the
 * notification, in the same transaction. No in-memory state decides anything.
 */
@Injectable()
export class SlaEscalationService implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly notifications: WorkOrderNotificationsService,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('sla');
  }

  onApplicationBootstrap(): void {
    this.job = this.jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: this.config.SLA_SCAN_INTERVAL_SECONDS,
      run: () =>
        this.scan(new Date(this.clock.now())).then((r) => r.escalated.length && this.logger.info({ escalated: r.escalated }, 'escalated overdue work orders')),
      onError: (err: unknown) => this.logger.error({ err }, 'SLA scan failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** Escalates every order overdue at `now`; returns the numbers this process escalated. */
  async scan(now: Date): Promise<{ escalated: string[] }> {
    const escalated: string[] = [];
    for (;;) {
      const due = await this.db
        .getRepository(WorkOrder)
        .createQueryBuilder('o')
        .select(['o.id', 'o.number', 'o.channel', 'o.status', 'o.createdById', 'o.agentId', 'o.unitId'])
        .where('o.escalateAt IS NOT NULL AND o.escalateAt <= :now', { now })
        .orderBy('o.escalateAt', 'ASC')
        .limit(BATCH)
        .getMany();
      let won = 0;
      for (const order of due) {
        const event = await this.escalateOne(order, now);
        if (event) {
          escalated.push(order.number);
          won++;
          this.notifications.publish([event, changedEvent({ ...order, status: 'escalated' }, 'escalate', now)]);
        }
      }
      if (due.length < BATCH || won === 0) return { escalated };
    }
  }

  private escalateOne(order: WorkOrder, now: Date): Promise<WorkOrderEvent | null> {
    return this.tx.run(async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(WorkOrder)
        .set({ status: 'escalated', escalatedAt: now, escalationReason: 'overdue', escalateAt: null, updatedAt: now })
        .where('id = :id AND escalateAt IS NOT NULL AND escalateAt <= :now AND status IN (:...from)', { id: order.id, now, from: TRANSITIONS.escalate.from })
        .execute();
      if (result.affected !== 1) return null; // another process escalated it, or it was closed meanwhile
      await tx.insert(WorkOrderAudit, {
        workOrderId: order.id,
        action: 'escalate',
        actorId: null,
        actorJobNumber: null,
        at: now,
        before: { status: order.status },
        after: { status: 'escalated', escalationReason: 'overdue' },
        note: 'resolution deadline passed (3天之内无法处理的必须上报)',
      });
      return this.notifications.record(tx, order, { type: 'escalated', audience: 'supervisor', reason: 'overdue' }, now);
    });
  }
}
