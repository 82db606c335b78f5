import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { CallEventRecord, CallEventType } from './call-event.entity';

/** A call's timeline: its events, oldest first, as GET /calls/:callSid shows them. */
@Injectable()
export class CallEventsService {
  constructor(
    @InjectRepository(CallEventRecord) private readonly events: Repository<CallEventRecord>,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async record(callSid: string, type: CallEventType, by: string | null, target: string | null = null): Promise<void> {
    await this.events.insert({ callSid, type, at: new Date(this.clock.now()), byJobNumber: by, target });
  }

  forCall(callSid: string): Promise<CallEventRecord[]> {
    return this.events.find({ where: { callSid }, order: { at: 'ASC', id: 'ASC' } });
  }
}
