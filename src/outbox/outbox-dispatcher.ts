import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { OutboxHandlers, PermanentDeliveryError } from './outbox-handlers';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxStore } from './outbox-store.service';
import { nextAttempt, RetryPolicy } from './retry-schedule';

/** Messages claimed at once; they are sent concurrently (each key's one at a time). */
const BATCH = 20;

/**
 * Sends due outbox messages through their topic's handler: claims a batch under a lease, delivers
 * each, records delivered / retry-later (exponential backoff with jitter) / dead. Runs when nudged
 * (after a commit that enqueued) and on the scheduler's tick; one drain at a time in this process,
 * any number of processes at once (the claim decides).
 */
@Injectable()
export class OutboxDispatcher implements OnModuleDestroy {
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly store: OutboxStore,
    private readonly handlers: OutboxHandlers,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('outbox');
    this.policy = { maxAttempts: config.OUTBOX_MAX_ATTEMPTS, baseMs: config.OUTBOX_RETRY_BASE_MS, maxMs: config.OUTBOX_RETRY_MAX_MS };
  }

  /** Look for due messages now (again, if a drain is under way). */
  nudge(): void {
    void this.dispatchDue();
  }

  /** Sends every message due now; resolves with how many attempts were made. */
  dispatchDue(): Promise<number> {
    this.again = true;
    this.draining ??= this.drain().finally(() => (this.draining = null));
    return this.draining;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.draining;
  }

  private async drain(): Promise<number> {
    let attempts = 0;
    try {
      while (this.again && !this.stopped) {
        this.again = false;
        for (let sent = await this.dispatchBatch(); sent > 0 && !this.stopped; sent = await this.dispatchBatch()) attempts += sent;
      }
    } catch (err) {
      this.logger.error({ err }, 'outbox dispatch failed; the next tick retries');
    }
    return attempts;
  }

  private async dispatchBatch(): Promise<number> {
    const token = randomUUID();
    const now = new Date(this.clock.now());
    const claimed = await this.store.claim(token, now, new Date(now.getTime() + this.config.OUTBOX_LEASE_SECONDS * 1000), BATCH);
    await Promise.all(claimed.map((message) => this.deliver(message, token)));
    return claimed.length;
  }

  private async deliver(message: OutboxMessage, token: string): Promise<void> {
    const handler = this.handlers.resolve(message.topic);
    try {
      if (!handler) throw new Error(`no outbox handler for topic ${message.topic}`);
      await handler({
        id: message.id,
        topic: message.topic,
        key: message.aggregateKey,
        idempotencyKey: message.idempotencyKey,
        payload: JSON.parse(message.payload) as unknown,
        attempt: message.attempts + 1,
        createdAt: message.createdAt,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const verdict = nextAttempt(this.policy, message.attempts + 1, new Date(this.clock.now()), Math.random(), err instanceof PermanentDeliveryError);
      await this.store.failed(message, token, reason, verdict.retry ? verdict.at : null);
      const log = { outboxId: message.id, topic: message.topic, attempt: message.attempts + 1, reason };
      if (verdict.retry) this.logger.warn({ ...log, retryAt: verdict.at }, 'outbox delivery failed; will retry');
      else this.logger.error(log, 'outbox message dead-lettered');
      return;
    }
    await this.store.delivered(message, token, new Date(this.clock.now()));
  }
}
