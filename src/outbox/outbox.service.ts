import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxEnqueue {
  /** What happened, dotted (`order.delivery.rescheduled`); picks the handler by prefix. */
  topic: string;
  /** What it happened to (order number…): one key's messages are delivered in order. */
  key: string;
  /** The body (anything JSON can write). */
  payload: unknown;
  /** Unique per change; the receiver drops repeats by it. Default: a new UUID. Enqueuing one key twice fails the transaction. */
  idempotencyKey?: string;
}

const TOPIC = /^[a-z0-9][a-z0-9_.-]{0,99}$/;

/**
 * The transactional outbox (as in Chris Richardson's pattern): a module that changes something
 * another system must learn of writes the message with `enqueue` in the same transaction as the
 * change. Both commit or neither; the dispatcher delivers after the commit, at least once.
 */
@Injectable()
export class OutboxService {
  /** Transactions that enqueued: their commit nudges the dispatcher. */
  private readonly enqueuedIn = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly dispatcher: OutboxDispatcher,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    db.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        // A savepoint's release also broadcasts the commit; only the outer commit makes rows visible.
        if (queryRunner.isTransactionActive || !this.enqueuedIn.has(queryRunner)) return;
        this.enqueuedIn.delete(queryRunner);
        this.dispatcher.nudge();
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.enqueuedIn.delete(queryRunner);
      },
    });
  }

  /** Writes a message in the caller's transaction (`manager` is TransactionRunner.run's); returns its id. */
  async enqueue(manager: EntityManager, message: OutboxEnqueue): Promise<number> {
    if (!TOPIC.test(message.topic)) throw new Error(`outbox topic "${message.topic}" must be 1–100 lower-case letters, digits, _ . -`);
    if (message.key.length < 1 || message.key.length > 100) throw new Error('outbox key must be 1–100 characters');
    const now = new Date(this.clock.now());
    const result = await manager.insert(OutboxMessage, {
      topic: message.topic,
      aggregateKey: message.key,
      idempotencyKey: message.idempotencyKey ?? randomUUID(),
      payload: JSON.stringify(message.payload ?? null),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      claimToken: null,
      lastError: null,
      createdAt: now,
      deliveredAt: null,
    });
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.enqueuedIn.add(runner);
    else this.dispatcher.nudge();
    return Number(result.identifiers[0].id);
  }
}
