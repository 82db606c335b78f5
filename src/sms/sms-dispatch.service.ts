import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type twilio from 'twilio';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { TelephonySettings } from '../telephony/telephony-settings';
import { TWILIO_CLIENT } from '../telephony/twilio-client.provider';
import { SmsMessage } from './sms-message.entity';
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

/** How long a process holds a message it is sending, so another process's dispatch leaves it alone. */
const CLAIM_MS = 60_000;
const DUE_BATCH = 100;

/**
 * Sends SMS reliably. A message is written first (status `pending`, in its own transaction, after
 * the change it announces committed), then sent at once; a send the rate limit defers, one Twilio
 * could not take (5xx, 429, no answer) and one the carrier did not deliver for a transient reason
 * (30003, 30008: see the status callback) are sent again by `dispatchDue()` with exponential backoff,
 * up to SMS_MAX_ATTEMPTS. This is the outbox of SMS until the app-wide outbox takes it over: the
 * message row is the outbox row, and `dispatchDue` its relay.
 */
@Injectable()
export class SmsDispatchService {
  readonly policy: RetryPolicy;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TWILIO_CLIENT) private readonly twilio: twilio.Twilio,
    private readonly settings: TelephonySettings,
    private readonly templates: SmsTemplatesService,
    private readonly optOuts: SmsOptOutsService,
    private readonly limiter: SmsRateLimiter,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    config: ConfigVariables,
  ) {
    logger.setContext('sms');
    this.policy = { maxAttempts: config.SMS_MAX_ATTEMPTS, baseDelayMs: config.SMS_RETRY_BASE_SECONDS * 1000 };
  }

  /** Writes the message in the customer's language and sends it (not awaited: see `idle()`); null if its cause already has one. */
  async enqueue(request: SmsRequest): Promise<SmsMessage | null> {
    const language = languageForPhone(request.phone);
    const body = renderTemplate(await this.templates.bodyFor(request.kind, language), request.values);
    const now = new Date(this.clock.now());
    let message: SmsMessage;
    try {
      message = await this.tx.run(async (tx) => {
        const optedOut = await this.optOuts.isOptedOut(request.phone, tx);
        return tx.save(
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
            nextAttemptAt: optedOut ? null : now,
            dedupeKey: request.dedupeKey,
            createdAt: now,
            updatedAt: now,
          }),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    if (message.status === 'pending') this.track(this.send(message.id));
    return message;
  }

  /** Sends every pending message that is due (retries, and sends the rate limit deferred); the periodic relay. */
  async dispatchDue(): Promise<number> {
    const due = await this.db.getRepository(SmsMessage).find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(new Date(this.clock.now())) },
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
      take: DUE_BATCH,
      select: { id: true },
    });
    for (const { id } of due) await this.send(id);
    return due.length;
  }

  /** Resolves when the sends started so far are done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** One send of one message, if it is still pending and due and no other process holds it. */
  private async send(id: number): Promise<void> {
    const now = this.clock.now();
    const message = await this.claim(id, now);
    if (!message) return;
    if (await this.optOuts.isOptedOut(message.phone)) return this.update(id, { status: 'suppressed', nextAttemptAt: null });
    const wait = await this.limiter.take(message.phone);
    if (wait > 0) return this.update(id, { nextAttemptAt: new Date(now + wait) });
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
          .where('id = :id AND status = :pending', { id, pending: 'pending' })
          .execute(),
      );
    } catch (error) {
      const { code, status } = error as { code?: number; status?: number };
      this.logger.warn({ err: error, messageId: id, code, attempt: attempts }, 'SMS not accepted by Twilio');
      if (code === 21610) await this.optOuts.set(message.phone, true, 'carrier'); // the recipient unsubscribed at Twilio (STOP)
      await this.failed(id, attempts, { code: code ?? null, httpStatus: status ?? null });
    }
  }

  /** A send (or delivery) failed: again later if it may pass then and attempts are left, else for good. */
  async failed(id: number, attempts: number, failure: { code: number | null; httpStatus?: number | null; status?: 'failed' | 'undelivered' }): Promise<void> {
    const retryAt = isRetryable(failure) ? nextAttemptAt(this.policy, attempts, this.clock.now()) : null;
    await this.update(id, {
      attempts,
      errorCode: failure.code,
      status: retryAt ? 'pending' : (failure.status ?? 'failed'),
      nextAttemptAt: retryAt,
    });
  }

  private async claim(id: number, now: number): Promise<SmsMessage | null> {
    const claimed = await this.tx.run((tx) =>
      tx
        .createQueryBuilder()
        .update(SmsMessage)
        .set({ nextAttemptAt: new Date(now + CLAIM_MS) })
        .where('id = :id AND status = :pending AND nextAttemptAt <= :now', { id, pending: 'pending', now: new Date(now) })
        .execute(),
    );
    return claimed.affected ? this.db.getRepository(SmsMessage).findOneBy({ id }) : null;
  }

  private async update(id: number, changes: Partial<SmsMessage>): Promise<void> {
    await this.tx.run((tx) => tx.update(SmsMessage, { id }, { ...changes, updatedAt: new Date(this.clock.now()) }));
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((err: unknown) => this.logger.error({ err }, 'SMS send failed; the relay will try again'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
