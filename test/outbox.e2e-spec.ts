import { DataSource } from 'typeorm';
import { eventually, OrderSystemReceiver } from './support/order-system-receiver';
import { startTestApp, TestApp } from './support/test-app';
import { SchedulerRegistry } from '@nestjs/schedule';
import { toSqlDateTime } from '../src/database/sql-datetime';
import { OutboxRetentionScheduler } from '../src/outbox/outbox-retention-scheduler';

const SECRET = 'order-system-e2e-secret';

/**
 * The outbox through the real server (engine of the run): changes reach the order system's webhook
 * signed, with their Idempotency-Key; a receiver that is down for a while gets them after, each key
 * applied once; a refused message is dead-lettered, seen by a supervisor and replayed.
 */
describe('outbox to the order system (e2e)', () => {
  let t: TestApp;
  let receiver: OrderSystemReceiver;
  let agent: string;
  let supervisor: string;
  let line = 0;

  beforeAll(async () => {
    receiver = new OrderSystemReceiver(SECRET);
    const url = await receiver.listen();
    t = await startTestApp({
      ORDER_SYSTEM_WEBHOOK_URL: url,
      ORDER_SYSTEM_WEBHOOK_SECRET: SECRET,
      OUTBOX_INTERVAL_SECONDS: '1',
      OUTBOX_RETRY_BASE_MS: '50',
      OUTBOX_RETRY_MAX_MS: '200',
      OUTBOX_MAX_ATTEMPTS: '100',
      SLA_SCAN_INTERVAL_SECONDS: '0',
    });
    [agent, supervisor] = await Promise.all([t.tokenFor('1001'), t.tokenFor('2001')]);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** Sells the demo air-conditioner plan on a fresh order line (known only from the request): one `warranty.contract.sold` change. */
  const sell = async () => {
    const orderNumber = `SO-OB-${++line}`;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await t.http
      .post('/warranty/contracts')
      .set('authorization', `Bearer ${agent}`)
      .send({
        planCode: 'YG-KT-3Y',
        orderNumber,
        lineNo: 1,
        productCode: 'KT-MIDEA-26',
        productName: '美的 1匹 空调',
        productPriceFen: 259_900,
        purchasedOn: today,
        customerPhone: '13912345678',
      })
      .expect(201);
    return res.body as { number: string; orderNumber: string };
  };
  const outboxRows = (number: string): Promise<Array<{ status: string; attempts: number; lastError: string | null }>> =>
    t.app.get(DataSource).query('SELECT status, attempts, lastError FROM outbox_message WHERE idempotencyKey = ?', [`warranty-sold-${number}`]);

  it('delivers a change signed, with its Idempotency-Key, at once after the commit', async () => {
    const contract = await sell();
    await eventually(() => receiver.ofTopic('warranty.contract.sold').some((c) => c.key === contract.orderNumber), 5000, 'the sale at the order system');
    const change = receiver.applied.find((c) => c.key === contract.orderNumber)!;
    expect(change).toMatchObject({
      idempotencyKey: `warranty-sold-${contract.number}`,
      payload: { contract: contract.number, plan: 'YG-KT-3Y', paidFen: 29_900, soldBy: '1001' },
    });
    expect(receiver.badSignatures).toBe(0);
  });

  it('keeps changes while the receiver is down and delivers each exactly once by key when it is back', async () => {
    receiver.down = true;
    const sold = [await sell(), await sell(), await sell()];
    // Several attempts fail while it is down; the supervisor sees them waiting.
    await eventually(async () => (await outboxRows(sold[0].number))[0]?.attempts >= 3, 5000, 'retries while down');
    const summary = await t.http.get('/outbox/summary').set('authorization', `Bearer ${supervisor}`).expect(200);
    expect(summary.body.retrying).toBeGreaterThanOrEqual(3);
    expect(summary.body.topics).toEqual(expect.arrayContaining([expect.objectContaining({ topic: 'warranty.contract.sold' })]));
    expect((await outboxRows(sold[0].number))[0]).toMatchObject({ status: 'pending', lastError: expect.stringContaining('order system answered 503') });

    receiver.down = false;
    const keys = sold.map((c) => `warranty-sold-${c.number}`);
    await eventually(() => keys.every((k) => receiver.applied.some((c) => c.idempotencyKey === k)), 5000, 'delivery after the outage');
    for (const key of keys) expect(receiver.applied.filter((c) => c.idempotencyKey === key)).toHaveLength(1);
    // The receiver has answered; the hotline records each as delivered once the answer is in.
    for (const c of sold) await eventually(async () => (await outboxRows(c.number))[0].status === 'delivered', 5000, `${c.number} recorded delivered`);
  });

  it('dead-letters a refused change; a supervisor lists it and replays it', async () => {
    receiver.refuse = (c) => c.topic === 'warranty.contract.sold';
    const contract = await sell();
    await eventually(async () => (await outboxRows(contract.number))[0]?.status === 'dead', 5000, 'the dead letter');

    await t.http.get('/outbox/dead-letters').set('authorization', `Bearer ${agent}`).expect(403);
    const list = await t.http.get('/outbox/dead-letters?topic=warranty.').set('authorization', `Bearer ${supervisor}`).expect(200);
    const dead = (list.body.items as Array<{ id: number; key: string; attempts: number; lastError: string; status: string }>).find(
      (m) => m.key === contract.orderNumber,
    )!;
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, lastError: `order system answered 422: {"error":"order ${contract.orderNumber} unknown"}` });

    receiver.refuse = () => false;
    const replayed = await t.http.post(`/outbox/dead-letters/${dead.id}/replay`).set('authorization', `Bearer ${supervisor}`).expect(200);
    expect(replayed.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    await eventually(() => receiver.applied.some((c) => c.idempotencyKey === `warranty-sold-${contract.number}`), 5000, 'the replayed delivery');
    await t.http
      .post(`/outbox/dead-letters/${dead.id}/replay`)
      .set('authorization', `Bearer ${supervisor}`)
      .expect(409)
      .expect((res) => expect(res.body).toMatchObject({ code: 'outbox.not_dead' }));
    await t.http.post('/outbox/dead-letters/x/replay').set('authorization', `Bearer ${supervisor}`).expect(400);
    const all = await t.http.post('/outbox/dead-letters/replay').set('authorization', `Bearer ${supervisor}`).send({}).expect(200);
    expect(all.body).toEqual({ replayed: 0 });
  });

  it('deletes delivered changes after the retention’s days, by the periodic job; dead letters stay; the page’s summary says how long', async () => {
    const db = t.app.get(DataSource);
    const contract = await sell();
    await eventually(async () => (await outboxRows(contract.number))[0]?.status === 'delivered', 5000, 'the delivery');
    receiver.refuse = (c) => c.topic === 'warranty.contract.sold';
    const refused = await sell();
    await eventually(async () => (await outboxRows(refused.number))[0]?.status === 'dead', 5000, 'the dead letter');
    receiver.refuse = () => false;
    // Eight days on (the default retention is 7).
    const past = toSqlDateTime(new Date(Date.now() - 8 * 86_400_000));
    await db.query('UPDATE outbox_message SET deliveredAt = ?, createdAt = ? WHERE idempotencyKey IN (?, ?)', [
      past,
      past,
      `warranty-sold-${contract.number}`,
      `warranty-sold-${refused.number}`,
    ]);
    expect(t.app.get(SchedulerRegistry).getIntervals()).toContain('outbox:retention');
    expect(await t.app.get(OutboxRetentionScheduler).sweep()).toBeGreaterThanOrEqual(1);
    expect(await outboxRows(contract.number)).toEqual([]);
    expect(await outboxRows(refused.number)).toEqual([expect.objectContaining({ status: 'dead' })]);
    const summary = await t.http.get('/outbox/summary').set('authorization', `Bearer ${supervisor}`).expect(200);
    expect(summary.body.retention).toEqual({ deliveredDays: 7, intervalSeconds: 3600 });
  });
});
