import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { QualityAlertPush } from './quality-alert-view';

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
