import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';

/** The event bus, injectable everywhere. */
@Global()
@Module({
  providers: [EventBus],
  exports: [EventBus],
})
export class EventsModule {}
