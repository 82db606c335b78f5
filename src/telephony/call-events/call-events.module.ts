import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallEventRecord } from './call-event.entity';
import { CallEventsService } from './call-events.service';

/** A call's timeline of events (hold, consult, transfer, monitoring). */
@Module({
  imports: [TypeOrmModule.forFeature([CallEventRecord])],
  providers: [CallEventsService],
  exports: [CallEventsService],
})
export class CallEventsModule {}
