import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { OptOutSource, SmsOptOut } from './sms-opt-out.entity';

export interface OptOutState {
  phone: string;
  optedOut: boolean;
  source: OptOutSource | null;
  changedAt: Date | null;
  changedByJobNumber: string | null;
}

/** Who wants no SMS, per phone number: set by the customer's reply (回复TD退订), by an agent, by the API, or by Twilio's 21610. */
@Injectable()
export class SmsOptOutsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async isOptedOut(phone: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    return (await manager.findOneBy(SmsOptOut, { phone }))?.optedOut ?? false;
  }

  async get(phone: string): Promise<OptOutState> {
    const row = await this.db.getRepository(SmsOptOut).findOneBy({ phone });
    return row ? { ...row } : { phone, optedOut: false, source: null, changedAt: null, changedByJobNumber: null };
  }

  async set(phone: string, optedOut: boolean, source: OptOutSource, changedByJobNumber: string | null = null): Promise<OptOutState> {
    const row = { phone, optedOut, source, changedAt: new Date(this.clock.now()), changedByJobNumber };
    await this.tx.run((tx) => tx.upsert(SmsOptOut, row, ['phone']));
    return row;
  }
}
