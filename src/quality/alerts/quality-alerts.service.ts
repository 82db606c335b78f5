import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { QualityAlertEvents } from './quality-alert-events';
import { alertMessage, type QualityAlertLevel, type QualityAlertType } from './quality-alert-view';
import type { QualityAlertViewDto } from './dtos/quality-alert-view.dto';
import { QualityAlert } from './quality-alert.entity';
import { isUniqueViolation } from '../../database/unique-violation';

/** An alert to raise; `alertKey` makes it once per subject and period. */
export type AlertDraft = Omit<QualityAlert, 'id' | 'raisedAt' | 'updatedAt' | 'acknowledgedAt' | 'acknowledgedById' | 'acknowledgedByJobNumber' | 'note'>;

export type RaiseOutcome = 'raised' | 'escalated' | 'updated' | 'unchanged';

export interface AlertListQuery {
  status?: 'open' | 'acknowledged';
  type?: QualityAlertType;
  limit?: number;
}

/**
 * The one list of quality alerts (capacity warnings and hot spots). Raising is safe with several server
 * processes: the insert is decided by the unique `alertKey` (the loser of a race sees the duplicate and
 * updates instead), and an escalation is a conditional update on the old level, so exactly one process
 * pushes each new or escalated alert — after its transaction commits.
 */
@Injectable()
export class QualityAlertsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: QualityAlertEvents,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /**
   * Raises the alert, or — when its key exists — escalates it to a higher level (clearing the
   * acknowledgement: the new level needs attention) or refreshes its figures at the same level.
   * A lower level never downgrades an alert.
   */
  async raise(
    draft: AlertDraft,
    now: Date,
    levelRank: (level: QualityAlertLevel) => number = () => 0,
  ): Promise<{ alert: QualityAlert; outcome: RaiseOutcome }> {
    try {
      const alert = await this.tx.run((tx) =>
        tx.save(
          QualityAlert,
          tx.create(QualityAlert, {
            ...draft,
            raisedAt: now,
            updatedAt: now,
            acknowledgedAt: null,
            acknowledgedById: null,
            acknowledgedByJobNumber: null,
            note: null,
          }),
        ),
      );
      this.events.publish({ ...toView(alert), change: 'raised' });
      return { alert, outcome: 'raised' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await this.db.getRepository(QualityAlert).findOneByOrFail({ alertKey: draft.alertKey });
    if (levelRank(draft.level) > levelRank(existing.level)) {
      const escalated = await this.db
        .createQueryBuilder()
        .update(QualityAlert)
        .set({
          level: draft.level,
          figures: draft.figures as never,
          message: draft.message,
          updatedAt: now,
          acknowledgedAt: null,
          acknowledgedById: null,
          acknowledgedByJobNumber: null,
        })
        .where('alertKey = :key AND level = :level', { key: draft.alertKey, level: existing.level })
        .execute();
      const alert = await this.db.getRepository(QualityAlert).findOneByOrFail({ alertKey: draft.alertKey });
      if (escalated.affected === 1) {
        this.events.publish({ ...toView(alert), change: 'escalated' });
        return { alert, outcome: 'escalated' };
      }
      return { alert, outcome: 'unchanged' }; // another process escalated it first
    }
    if (draft.level === existing.level && JSON.stringify(draft.figures) !== JSON.stringify(existing.figures)) {
      await this.db
        .createQueryBuilder()
        .update(QualityAlert)
        .set({ figures: draft.figures as never, message: draft.message, updatedAt: now })
        .where('alertKey = :key AND level = :level', { key: draft.alertKey, level: existing.level })
        .execute();
      return { alert: await this.db.getRepository(QualityAlert).findOneByOrFail({ alertKey: draft.alertKey }), outcome: 'updated' };
    }
    return { alert: existing, outcome: 'unchanged' };
  }

  async list(query: AlertListQuery): Promise<QualityAlertViewDto[]> {
    const qb = this.db
      .getRepository(QualityAlert)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .take(query.limit ?? 100);
    if (query.status === 'open') qb.andWhere('a.acknowledgedAt IS NULL');
    if (query.status === 'acknowledged') qb.andWhere('a.acknowledgedAt IS NOT NULL');
    if (query.type) qb.andWhere('a.type = :type', { type: query.type });
    return (await qb.getMany()).map(toView);
  }

  async acknowledge(id: number, principal: StaffPrincipal, note: string | undefined): Promise<QualityAlertViewDto> {
    const now = new Date(this.clock.now());
    return this.tx.run(async (tx) => {
      const alert = await tx.findOneBy(QualityAlert, { id });
      if (!alert) throw new NotFoundException(`No quality alert ${id}`);
      const result = await tx
        .createQueryBuilder()
        .update(QualityAlert)
        .set({ acknowledgedAt: now, acknowledgedById: principal.staffId, acknowledgedByJobNumber: principal.jobNumber, note: note ?? null })
        .where('id = :id AND acknowledgedAt IS NULL', { id })
        .execute();
      if (result.affected !== 1) {
        throw new ConflictException(
          `Quality alert ${id} was already acknowledged by ${alert.acknowledgedByJobNumber ?? 'someone'} at ${alert.acknowledgedAt?.toISOString()}`,
        );
      }
      return toView(await tx.findOneByOrFail(QualityAlert, { id }));
    });
  }
}

export function toView(a: QualityAlert): QualityAlertViewDto {
  const periodStart = a.periodStart.toISOString();
  return {
    id: a.id,
    alertKey: a.alertKey,
    type: a.type,
    level: a.level,
    subject: a.subject,
    terminal: a.terminal,
    unitId: a.unitId,
    unitCode: a.unitCode,
    unitName: a.unitName,
    category: a.category,
    periodStart,
    periodEnd: a.periodEnd.toISOString(),
    figures: a.figures,
    message: a.message,
    ...alertMessage({ ...a, periodStart }),
    raisedAt: a.raisedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedByJobNumber: a.acknowledgedByJobNumber,
    note: a.note,
  };
}
