import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { DeliveryDeferred, OutboxHandlers, PermanentDeliveryError } from './outbox-handlers';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxStore } from './outbox-store.service';
import { nextAttempt, RetryPolicy } from './retry-schedule';

/** Deliveries in flight at once in this process; a receiver that hangs holds one slot each, not the queue. */
const MAX_IN_FLIGHT = 20;
/** On shutdown, how long deliveries in flight may still finish; the rest are sent again once their lease runs out. */
const SHUTDOWN_GRACE_MS = 2000;
/** The shortest wait a handler's deferral gets. */
const MIN_DEFER_MS = 250;

/**
 * Sends due outbox messages through their topic's handler: claims due messages under a lease, delivers
 * each (up to MAX_IN_FLIGHT at once), records delivered / retry-later (exponential backoff with
 * jitter) / dead. Runs when nudged (after a commit that enqueued, after each delivery) and on the
 * scheduler's tick; one claim loop at a time in this process, any number of processes at once (the
 * claim decides).
 */
@Injectable()
export class OutboxDispatcher implements OnModuleDestroy {
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
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

  /** Look for due messages now (again, if a claim loop is under way). */
  nudge(): void {
    void this.claimDue();
  }

  /** Claims what is due and starts sending it; resolves once nothing more is due or every slot is taken (not when the sends end). */
  claimDue(): Promise<void> {
    this.again = true;
    this.draining ??= this.drain().finally(() => (this.draining = null));
    return this.draining;
  }

  /** Sends everything due now and waits until every send has ended (tests, tools). */
  async dispatchDue(): Promise<void> {
    await this.claimDue();
    while (this.draining || this.inFlight.size > 0) {
      await this.draining;
      await Promise.all([...this.inFlight]);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.draining;
    await Promise.race([Promise.all([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
  }

  private async drain(): Promise<void> {
    try {
      while (this.again && !this.stopped) {
        this.again = false;
        for (let room = MAX_IN_FLIGHT - this.inFlight.size; room > 0 && !this.stopped; room = MAX_IN_FLIGHT - this.inFlight.size) {
          const token = randomUUID();
          const now = new Date(this.clock.now());
          const claimed = await this.store.claim(token, now, new Date(now.getTime() + this.config.OUTBOX_LEASE_SECONDS * 1000), room);
          if (claimed.length === 0) break;
          for (const message of claimed) {
            const sending: Promise<void> = this.deliver(message, token)
              .catch((err: unknown) =>
                this.logger.error({ err, outboxId: message.id }, 'outbox outcome not recorded; the message is sent again after its lease'),
              )
              .finally(() => {
                this.inFlight.delete(sending);
                // The next message of its key (and any that waited for a slot) may go now.
                if (!this.stopped) this.nudge();
              });
            this.inFlight.add(sending);
          }
        }
      }
    } catch (err) {
      this.logger.error({ err }, 'outbox dispatch failed; the next tick retries');
    }
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
      if (err instanceof DeliveryDeferred) {
        // Never at once: a past `until` would have it claimed and deferred again in a hot loop.
        const until = new Date(Math.max(err.until.getTime(), this.clock.now() + MIN_DEFER_MS));
        await this.store.deferred(message, token, reason, until);
        this.logger.debug({ outboxId: message.id, topic: message.topic, reason, until }, 'outbox delivery deferred by its handler');
        return;
      }
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
