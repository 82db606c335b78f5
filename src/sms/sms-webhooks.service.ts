import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { CustomerPhone } from '../customers/customer.entity';
import { normalisePhone } from '../customers/phone-number';
import { replyIntent } from './reply-keywords';
import { SmsDispatchService } from './sms-dispatch.service';
import { SmsMessage, SmsStatus } from './sms-message.entity';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { isForward } from './sms-retry-policy';
import { languageForPhone } from './sms-templates';

/** What Twilio tells us about messages: their status callbacks, and customers' replies. */
@Injectable()
export class SmsWebhooksService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly dispatch: SmsDispatchService,
    private readonly optOuts: SmsOptOutsService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /**
   * A status callback: the message moves on (never back — callbacks may arrive out of order); an
   * undelivered or failed one is sent again when the carrier's reason is transient (30003, 30008).
   * A callback for an earlier attempt (its SID replaced by the retry's) changes nothing.
   */
  async statusCallback(sid: string, status: string, errorCode: number | null): Promise<void> {
    const message = await this.db.getRepository(SmsMessage).findOneBy({ sid });
    if (!message || !isForward(message.status, status)) return;
    if (status === 'undelivered' || status === 'failed') return this.dispatch.undelivered(message, status, errorCode);
    await this.tx.run((tx) =>
      tx
        .createQueryBuilder()
        .update(SmsMessage)
        .set({ status: status as SmsStatus, updatedAt: new Date(this.clock.now()) })
        .where('id = :id AND sid = :sid AND status = :current', { id: message.id, sid, current: message.status })
        .execute(),
    );
  }

  /** A customer's reply: kept on their timeline; "TD" (or 退订, STOP) opts the number out, "START" back in. */
  async incoming(sid: string, from: string, body: string): Promise<{ intent: 'opt-out' | 'opt-in' | null }> {
    const phone = normalisePhone(from) ?? from;
    const intent = replyIntent(body);
    const now = new Date(this.clock.now());
    const customer = await this.db.getRepository(CustomerPhone).findOne({ where: { phone }, select: { customerId: true } });
    try {
      await this.tx.run((tx) =>
        tx.insert(SmsMessage, {
          direction: 'inbound',
          kind: 'reply',
          phone,
          customerId: customer?.customerId ?? null,
          workOrderId: null,
          workOrderNumber: null,
          language: languageForPhone(phone),
          body,
          status: 'received',
          sid,
          errorCode: null,
          attempts: 0,
          nextAttemptAt: null,
          dedupeKey: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return { intent }; // Twilio's retry of a reply already taken
      throw error;
    }
    if (intent) await this.optOuts.set(phone, intent === 'opt-out', 'sms-reply');
    return { intent };
  }
}
