import { ScheduleModule } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { MediumGraph, newMediumGraph } from '../../test/support/medium';
import { toSqlDateTime } from '../database/sql-datetime';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxDispatcher } from './outbox-dispatcher';
import { DeliveryDeferred, OutboxDelivery, OutboxHandlers, PermanentDeliveryError } from './outbox-handlers';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxStore } from './outbox-store.service';
import { OutboxModule } from './outbox.module';
import { OUTBOX_PURGE_BATCH, OutboxRetentionScheduler } from './outbox-retention-scheduler';
import { OutboxService } from './outbox.service';

/** The outbox against the real database of the run (SQLite or MariaDB): enqueue in a transaction, claim, retry, dead-letter. */
describe('outbox (medium, real database)', () => {
  let graph: MediumGraph;
  let db: DataSource;
  let outbox: OutboxService;
  let dispatcher: OutboxDispatcher;
  let runner: TransactionRunner;
  const received: OutboxDelivery[] = [];
  let fail: ((message: OutboxDelivery) => Error | null) | null = null;

  beforeAll(async () => {
    // The interval off: the test dispatches itself; retries come due at once (1 ms backoff).
    graph = await newMediumGraph({
      imports: [ScheduleModule.forRoot(), OutboxModule],
      env: { OUTBOX_INTERVAL_SECONDS: '0', OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_RETRY_BASE_MS: '10', OUTBOX_RETRY_MAX_MS: '10' },
    });
    db = graph.db;
    outbox = graph.get(OutboxService);
    dispatcher = graph.get(OutboxDispatcher);
    runner = graph.get(TransactionRunner);
    graph.get(OutboxHandlers).register('test.', (message) => {
      const error = fail?.(message);
      if (error) return Promise.reject(error);
      received.push(message);
      return Promise.resolve();
    });
  });
  afterAll(() => graph.close());
  beforeEach(async () => {
    received.length = 0;
    fail = null;
    await db.query('DELETE FROM outbox_message');
  });

  const rows = () => db.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30)).then(() => dispatcher.dispatchDue());

  it('sends what a committed transaction enqueued, once the commit nudges it; a rolled-back one sends nothing', async () => {
    await runner.run((tx) => outbox.enqueue(tx, { topic: 'test.changed', key: 'SO1', payload: { day: '2026-12-08' }, idempotencyKey: 'k-1' }));
    await runner
      .run(async (tx) => {
        await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO2', payload: {}, idempotencyKey: 'k-2' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await dispatcher.dispatchDue();
    expect(received.map((m) => [m.idempotencyKey, m.key, m.payload, m.attempt])).toEqual([['k-1', 'SO1', { day: '2026-12-08' }, 1]]);
    expect((await rows()).map((r) => [r.idempotencyKey, r.status, r.attempts])).toEqual([['k-1', 'delivered', 1]]);
  });

  it('refuses a second message with the same idempotency key (the second transaction fails)', async () => {
    await runner.run((tx) => outbox.enqueue(tx, { topic: 'test.changed', key: 'SO1', payload: {}, idempotencyKey: 'k-dup' }));
    await expect(runner.run((tx) => outbox.enqueue(tx, { topic: 'test.changed', key: 'SO1', payload: {}, idempotencyKey: 'k-dup' }))).rejects.toThrow();
  });

  it('retries a failed delivery after a backoff, then dead-letters it after the last attempt', async () => {
    fail = (m) => (m.key === 'SO-retry' && m.attempt < 2 ? new Error('receiver down') : m.key === 'SO-dead' ? new Error('still down') : null);
    await runner.run(async (tx) => {
      await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO-retry', payload: {} });
      await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO-dead', payload: {} });
    });
    await dispatcher.dispatchDue();
    for (let i = 0; i < 3; i++) await settle();
    const [retried, dead] = await rows();
    expect([retried.status, retried.attempts, retried.lastError]).toEqual(['delivered', 2, null]);
    expect([dead.status, dead.attempts, dead.lastError]).toEqual(['dead', 3, 'still down']);
  });

  it('dead-letters at once on a permanent failure; the order system unset, its messages wait as failures', async () => {
    fail = () => new PermanentDeliveryError('order system answered 422: unknown order');
    await runner.run(async (tx) => {
      await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO1', payload: {} });
      await outbox.enqueue(tx, { topic: 'order.changed', key: 'SO2', payload: {} });
    });
    await dispatcher.dispatchDue();
    const [refused, orphan] = await rows();
    expect([refused.status, refused.attempts]).toEqual(['dead', 1]);
    expect(orphan.lastError).toBe('ORDER_SYSTEM_WEBHOOK_URL is not set: the order system cannot be reached');
  });

  it("sends one key's messages in order, the next only after the one before is settled", async () => {
    fail = (m) => ((m.payload as { n: number }).n === 1 && m.attempt === 1 ? new Error('blip') : null);
    await runner.run(async (tx) => {
      for (const n of [1, 2, 3]) await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO-order', payload: { n } });
      await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO-other', payload: { n: 9 } });
    });
    await dispatcher.dispatchDue();
    await settle();
    const ofOrder = received.filter((m) => m.key === 'SO-order').map((m) => [(m.payload as { n: number }).n, m.attempt]);
    expect(ofOrder).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
  });

  it("calls a handler that deferred (a rate limit) again when it asked, spending no attempt, the key's next message still behind it", async () => {
    let deferrals = 0;
    // More deferrals than OUTBOX_MAX_ATTEMPTS (3): a hold must never dead-letter the message.
    fail = (m) => ((m.payload as { n: number }).n === 1 && deferrals++ < 4 ? new DeliveryDeferred(new Date(Date.now() + 10), 'held by the rate limit') : null);
    await runner.run(async (tx) => {
      for (const n of [1, 2]) await outbox.enqueue(tx, { topic: 'test.changed', key: 'SO-held', payload: { n } });
    });
    await dispatcher.dispatchDue();
    const [held, behind] = await rows();
    expect([held.status, held.attempts, held.lastError, behind.status]).toEqual(['pending', 0, 'held by the rate limit', 'pending']);
    expect(received).toEqual([]);
    // Never claimed again at once (the dispatcher's shortest deferral, 250 ms): no hot loop.
    expect(held.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 100);
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setTimeout(resolve, 260)).then(() => dispatcher.dispatchDue());
    expect(received.map((m) => [(m.payload as { n: number }).n, m.attempt])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('gives each due message to one claimer only, and a claim whose lease ran out to the next', async () => {
    // Written directly, not enqueued: the commit's nudge would send them before the claims race.
    const now = new Date();
    const base = { topic: 'test.changed', payload: '{}', status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now };
    await db.getRepository(OutboxMessage).insert(Array.from({ length: 30 }, (_, n) => ({ ...base, aggregateKey: `SO-${n}`, idempotencyKey: `k-${n}` })));
    const store = graph.get(OutboxStore);
    const lease = new Date(now.getTime() + 60_000);
    const [a, b] = await Promise.all([store.claim('a', now, lease, 20), store.claim('b', now, lease, 20)]);
    const c = await store.claim('c', now, lease, 50);
    const ids = [...a, ...b, ...c].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
    // Nothing is due while the leases hold; after them (a crashed claimer) everything is again.
    expect(await store.claim('c', now, now, 50)).toEqual([]);
    const later = new Date(now.getTime() + 61_000);
    expect((await store.claim('d', later, new Date(later.getTime() + 60_000), 50)).length).toBe(30);
    // A first claimer, back too late, cannot record an outcome over the new claim. (On MariaDB one of
    // two racing claims may win every row it read and leave the other none: take one that got some.)
    const [early, token] = a.length > 0 ? [a[0], 'a'] : [b[0], 'b'];
    expect(await store.delivered(early, token, later)).toBe(false);
  });

  it('deletes delivered messages past their retention days in batches; keeps newer ones, pending ones and dead letters however old', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number) => toSqlDateTime(new Date(Date.now() - daysAgo * day));
    const old = OUTBOX_PURGE_BATCH * 2 + 5;
    const row = (i: number, status: string, daysAgo: number) => [
      `t.${status}`,
      `K${i}`,
      `k-${status}-${i}`,
      '{}',
      status,
      at(daysAgo),
      at(daysAgo),
      status === 'delivered' ? at(daysAgo) : null,
    ];
    const insert = async (rows: unknown[][]) => {
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await db.query(
          `INSERT INTO outbox_message (topic, aggregateKey, idempotencyKey, payload, status, nextAttemptAt, createdAt, deliveredAt) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flat(),
        );
      }
    };
    await insert([
      ...Array.from({ length: old }, (_, i) => row(i, 'delivered', 8 + (i % 30))),
      ...Array.from({ length: 3 }, (_, i) => row(old + i, 'delivered', 6)),
      row(1, 'dead', 90),
      row(2, 'pending', 90),
    ]);
    // One batch is bounded; the job (the default: 7 days) runs batches until none is full.
    expect(await graph.get(OutboxStore).purgeDelivered(new Date(Date.now() - 7 * day), OUTBOX_PURGE_BATCH)).toBe(OUTBOX_PURGE_BATCH);
    expect(await graph.get(OutboxRetentionScheduler).sweep()).toBe(old - OUTBOX_PURGE_BATCH);
    const left: Array<{ status: string; n: number | string }> = await db.query(
      'SELECT status, COUNT(*) AS n FROM outbox_message GROUP BY status ORDER BY status',
    );
    expect(left.map((r) => [r.status, Number(r.n)])).toEqual([
      ['dead', 1],
      ['delivered', 3],
      ['pending', 1],
    ]);
    expect(await graph.get(OutboxRetentionScheduler).sweep()).toBe(0);
  });
});
