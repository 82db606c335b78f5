import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { QualityAlertLevel, QualityAlertSubject, QualityAlertType } from './quality-alert.entity';

/** A quality alert as it is listed and pushed (`quality-alert` on /softphone) — instants as ISO strings. */
export interface QualityAlertView {
  id: number;
  /** Once per subject and period: capacity:<unitId>:<day> · hot_spot:unit|cause:<terminal>:<unitId|category>:<window start>. */
  alertKey: string;
  type: QualityAlertType;
  level: QualityAlertLevel;
  subject: QualityAlertSubject;
  terminal: string;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  category: string | null;
  periodStart: string;
  periodEnd: string;
  figures: Record<string, unknown>;
  message: string;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByJobNumber: string | null;
  note: string | null;
}

/** What happened to the alert: first raised, or escalated in place (a capacity warning gone past 100 %). */
export interface QualityAlertPush extends QualityAlertView {
  change: 'raised' | 'escalated';
}

/** Live quality alerts; the softphone gateway pushes them to supervisors and quality monitors. */
@Injectable()
export class QualityAlertEvents implements OnModuleDestroy {
  private readonly subject = new Subject<QualityAlertPush>();
  readonly events$: Observable<QualityAlertPush> = this.subject.asObservable();

  /** Called after the alert's transaction commits, so no push announces a rolled-back alert. */
  publish(event: QualityAlertPush): void {
    this.subject.next(event);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
