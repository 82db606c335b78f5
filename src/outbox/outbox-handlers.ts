import { Injectable } from '@nestjs/common';

/** One message as a handler gets it. */
export interface OutboxDelivery {
  id: number;
  topic: string;
  /** The aggregate it is about (an order number, a phone). */
  key: string;
  /** Send it on as `Idempotency-Key` (or the receiver's equivalent): a retry must not act twice. */
  idempotencyKey: string;
  payload: unknown;
  /** This attempt's number, from 1. */
  attempt: number;
  createdAt: Date;
}

/** Delivers one message; resolves when the receiver has taken it, rejects to retry later. */
export type OutboxHandler = (message: OutboxDelivery) => Promise<void>;

/** A failure no retry can mend (the receiver refused the message itself): the message is dead-lettered at once. */
export class PermanentDeliveryError extends Error {}

/**
 * Not a failure: the handler may not send yet (a rate limit holds it, its own resend time has not
 * come) and asks to be called again at `until`. No attempt is spent, so a long hold never
 * dead-letters the message; the key's later messages keep waiting behind it, in order.
 */
export class DeliveryDeferred extends Error {
  constructor(
    readonly until: Date,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Which handler delivers which topic: the longest registered prefix of the topic wins, so a module
 * registers its own topics (`sms.` by the SMS sender) and the order system's webhook, registered
 * under the empty prefix, takes every other. Register at module init.
 */
@Injectable()
export class OutboxHandlers {
  private readonly handlers = new Map<string, OutboxHandler>();

  register(topicPrefix: string, handler: OutboxHandler): void {
    if (this.handlers.has(topicPrefix)) throw new Error(`an outbox handler is already registered for topic prefix "${topicPrefix}"`);
    this.handlers.set(topicPrefix, handler);
  }

  /** The handler for a topic, or null when none is registered (the message waits and is retried). */
  resolve(topic: string): OutboxHandler | null {
    let best: string | null = null;
    for (const prefix of this.handlers.keys()) {
      if (topic.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
    }
    return best === null ? null : this.handlers.get(best)!;
  }
}
