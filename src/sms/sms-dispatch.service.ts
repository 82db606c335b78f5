import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type twilio from 'twilio';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { DeliveryDeferred, OutboxDelivery, OutboxHandlers } from '../outbox/outbox-handlers';
import { OutboxService } from '../outbox/outbox.service';
import { TelephonySettings } from '../telephony/telephony-settings';
import { TWILIO_CLIENT } from '../telephony/twilio-client.provider';
import { SmsMessage, SmsStatus } from './sms-message.entity';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { SmsRateLimiter } from './sms-rate-limiter';
import { isRetryable, nextAttemptAt, RetryPolicy } from './sms-retry-policy';
import { languageForPhone, renderTemplate, TemplateKind } from './sms-templates';
import { SmsTemplatesService } from './sms-templates.service';

export interface SmsRequest {
  kind: TemplateKind;
  phone: string;
  customerId?: number | null;
  workOrderId?: number | null;
  workOrderNumber?: string | null;
  values: Record<string, string | undefined>;
  /** One message per cause: a repeated event finds it and sends nothing. */
  dedupeKey: string;
}

/** The outbox topic of one send of one SMS (`payload: { smsId }`); its key is the customer's number, so their messages go in order. */
export const SMS_SEND_TOPIC = 'sms.send';

/**
 * Sends SMS through the transactional outbox (`src/outbox`). A message is written (`pending`) with
 * its outbox entry in one transaction; the outbox's dispatcher calls `deliver`, which sends it with
 * the real `twilio` client. While the rate limit holds it or its own resend time has not come, the
 * send is deferred (DeliveryDeferred) to the moment the hold ends, spending no outbox attempt; while
 * Twilio or the network is down the handler throws and the outbox retries with its backoff; Twilio's
 * refusals fail it for good. A message the carrier did not deliver for a
 * transient reason (30003, 30008: the status callback) gets a new outbox entry, sent after this
 * module's own backoff (SMS_RETRY_BASE_SECONDS, doubling), up to SMS_MAX_ATTEMPTS sends.
 */
@Injectable()
export class SmsDispatchService implements OnModuleInit {
  readonly policy: RetryPolicy;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TWILIO_CLIENT) private readonly twilio: twilio.Twilio,
    private readonly settings: TelephonySettings,
    private readonly templates: SmsTemplatesService,
    private readonly optOuts: SmsOptOutsService,
    private readonly limiter: SmsRateLimiter,
    private readonly outbox: OutboxService,
    private readonly handlers: OutboxHandlers,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('sms');
    this.policy = { maxAttempts: config.SMS_MAX_ATTEMPTS, baseDelayMs: config.SMS_RETRY_BASE_SECONDS * 1000 };
  }

  onModuleInit(): void {
    this.handlers.register('sms.', (delivery) => this.deliver(delivery));
  }

  /** Writes the message in the customer's language with its outbox entry (sent after the commit); null if its cause already has one. */
  async enqueue(request: SmsRequest): Promise<SmsMessage | null> {
    const language = languageForPhone(request.phone);
    const body = renderTemplate(await this.templates.bodyFor(request.kind, language), request.values);
    const now = new Date(this.clock.now());
    try {
      return await this.tx.run(async (tx) => {
        const optedOut = await this.optOuts.isOptedOut(request.phone, tx);
        const message = await tx.save(
          tx.create(SmsMessage, {
            direction: 'outbound',
            kind: request.kind,
            phone: request.phone,
            customerId: request.customerId ?? null,
            workOrderId: request.workOrderId ?? null,
            workOrderNumber: request.workOrderNumber ?? null,
            language,
            body,
            // Opted out (回复TD退订): kept on the timelines as not sent, never handed to Twilio.
            status: optedOut ? 'suppressed' : 'pending',
            sid: null,
            errorCode: null,
            attempts: 0,
            nextAttemptAt: null,
            dedupeKey: request.dedupeKey,
            createdAt: now,
            updatedAt: now,
          }),
        );
        if (!optedOut) await this.enqueueSend(tx, message, 1);
        return message;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** The outbox handler of `sms.send`: one send of one message. Resolves when done with it; throws to be tried again later. */
  async deliver(delivery: OutboxDelivery): Promise<void> {
    const { smsId } = delivery.payload as { smsId: number };
    const message = await this.db.getRepository(SmsMessage).findOneBy({ id: smsId });
    if (!message || message.status !== 'pending') return; // sent, suppressed or given up already
    const lastChance = delivery.attempt >= this.config.OUTBOX_MAX_ATTEMPTS;
    // A hold is no failure: the outbox calls again when it ends, spending none of the message's attempts.
    const now = this.clock.now();
    if (message.nextAttemptAt && message.nextAttemptAt.getTime() > now)
      throw new DeliveryDeferred(message.nextAttemptAt, `SMS ${smsId} is resent at ${message.nextAttemptAt.toISOString()}`);
    if (await this.optOuts.isOptedOut(message.phone)) return this.update(message.id, { status: 'suppressed', nextAttemptAt: null });
    const wait = await this.limiter.take(message.phone);
    if (wait > 0) throw new DeliveryDeferred(new Date(now + wait), `SMS ${smsId} held by the rate limit for ${wait} ms`);
    const attempts = message.attempts + 1;
    try {
      const sent = await this.twilio.messages.create({
        to: message.phone,
        body: message.body,
        ...(this.settings.smsMessagingServiceSid ? { messagingServiceSid: this.settings.smsMessagingServiceSid } : { from: this.settings.smsFrom! }),
        statusCallback: this.settings.url('/twilio/sms/status'),
      });
      // A status callback may already have moved it on: only a message still pending becomes queued.
      await this.tx.run((tx) =>
        tx
          .createQueryBuilder()
          .update(SmsMessage)
          .set({ status: 'queued', sid: sent.sid, attempts, errorCode: null, nextAttemptAt: null, updatedAt: new Date(this.clock.now()) })
          .where('id = :id AND status = :pending', { id: message.id, pending: 'pending' })
          .execute(),
      );
    } catch (error) {
      const { code, status } = error as { code?: number; status?: number };
      this.logger.warn({ err: error, smsId, code, attempt: attempts }, 'SMS not accepted by Twilio');
      if (code === 21610) await this.optOuts.set(message.phone, true, 'carrier'); // the recipient unsubscribed at Twilio (STOP)
      const transient = isRetryable({ code: code ?? null, httpStatus: status ?? null });
      if (!transient || attempts >= this.policy.maxAttempts || lastChance)
        return this.update(message.id, { status: 'failed', attempts, errorCode: code ?? null });
      await this.update(message.id, { attempts, errorCode: code ?? null });
      throw error; // Twilio or the network is down: the outbox tries again
    }
  }

  /** The carrier did not deliver it (status callback): sent again after the backoff if the reason is transient and sends are left. */
  async undelivered(message: SmsMessage, status: 'failed' | 'undelivered', errorCode: number | null): Promise<void> {
    const retryAt = isRetryable({ code: errorCode }) ? nextAttemptAt(this.policy, message.attempts, this.clock.now()) : null;
    await this.tx.run(async (tx) => {
      const changed = await tx
        .createQueryBuilder()
        .update(SmsMessage)
        .set({ status: retryAt ? 'pending' : status, errorCode, nextAttemptAt: retryAt, updatedAt: new Date(this.clock.now()) })
        .where('id = :id AND sid = :sid AND status = :current', { id: message.id, sid: message.sid, current: message.status })
        .execute();
      if (retryAt && changed.affected) await this.enqueueSend(tx, message, message.attempts + 1);
    });
  }

  private enqueueSend(tx: EntityManager, message: SmsMessage, send: number): Promise<number> {
    // One outbox entry per send of a message: a duplicate is refused by the outbox's idempotency key.
    return this.outbox.enqueue(tx, { topic: SMS_SEND_TOPIC, key: message.phone, payload: { smsId: message.id }, idempotencyKey: `sms:${message.id}:${send}` });
  }

  private async update(id: number, changes: Partial<Omit<SmsMessage, 'status'>> & { status?: SmsStatus }): Promise<void> {
    await this.tx.run((tx) => tx.update(SmsMessage, { id }, { ...changes, updatedAt: new Date(this.clock.now()) }));
  }
}
