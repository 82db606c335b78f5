import type { Provider } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { EventBus, EventChannel } from '../../events/event-bus';
import type { QualityAlertPush } from './quality-alert-view';

/** The bus's quality alerts (`'quality-alert'`): published after the alert's transaction commits. */
export abstract class QualityAlertEvents implements EventChannel<QualityAlertPush> {
  abstract readonly events$: Observable<QualityAlertPush>;
  abstract publish(event: QualityAlertPush): void;
}

export const qualityAlertEventsProvider: Provider = {
  provide: QualityAlertEvents,
  useFactory: (bus: EventBus) => bus.channel('quality-alert'),
  inject: [EventBus],
};
