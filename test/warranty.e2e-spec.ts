import { DataSource } from 'typeorm';
import type { AppClock } from '../src/clock/app-clock';
import { SalesOrderLine } from '../src/orders/sales-order-line.entity';
import { SalesOrder } from '../src/orders/sales-order.entity';
import { refundOnCancel } from '../src/warranty/warranty-rules';
import { startTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;

/** Wall time moved by whole days on demand: a contract sold "today" is claimed on or cancelled later days. */
class ShiftedClock implements AppClock {
  offset = 0;
  now = () => Date.now() + this.offset;
  setTimeout = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  };
  clearTimeout = (handle: unknown) => clearTimeout(handle as NodeJS.Timeout);
}

/**
 * 阳光包 through the real server (engine of the run): a supervisor's plan; a sale checked against the
 * plan's rules and the order line; repair claims inside and outside cover and term; cancellations
 * (退保) refunding in full, then pro rata less the fee.
 */
describe('阳光包 extended warranty (e2e)', () => {
  const clock = new ShiftedClock();
  let t: TestApp;
  let agent: string;
  let supervisor: string;
  const today = () => new Date(clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const sale = (orderNumber: string, extra: Record<string, unknown> = {}) => ({
    planCode: 'YG-TEST-1Y',
    orderNumber,
    lineNo: 1,
    productCode: 'KT-HAIER-26',
    productName: '海尔 1匹 空调',
    productPriceFen: 299_900,
    purchasedOn: today(),
    customerPhone: '13700001111',
    customerName: '赵敏',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0', OUTBOX_INTERVAL_SECONDS: '0' }, { clock });
    [agent, supervisor] = await Promise.all([t.tokenFor('1001'), t.tokenFor('2001')]);
    await t.http
      .post('/warranty/plans')
      .set(as(supervisor))
      .send({
        code: 'YG-TEST-1Y',
        name: '阳光包·测试一年',
        products: ['KT*'],
        minPriceFen: 100_000,
        maxPriceFen: 1_000_000,
        joinWindowDays: 30,
        priceFen: 36_500,
        coveredFaults: ['performance'],
        startsAfterMonths: 0,
        termMonths: 12,
        fullRefundDays: 15,
        cancellationFeeFen: 2000,
      })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('lets supervisors, not agents, write plans, with clear refusals', async () => {
    await t.http.post('/warranty/plans').set(as(agent)).send({}).expect(403);
    const bad = await t.http
      .post('/warranty/plans')
      .set(as(supervisor))
      .send({ code: 'x', products: [], coveredFaults: ['scratches'] })
      .expect(400);
    expect(bad.body.message).toEqual(expect.stringContaining('code must be 2–32 capital letters'));
    expect(bad.body.message).toEqual(expect.stringContaining('coveredFaults must each be one of performance, appearance, accidental, consumable'));
    await t.http.patch('/warranty/plans/YG-NOPE').set(as(supervisor)).send({ active: false }).expect(404);
    const list = await t.http.get('/warranty/plans').set(as(agent)).expect(200);
    expect(list.body.items.map((p: { code: string }) => p.code)).toEqual(['YG-BX-2Y', 'YG-KT-3Y', 'YG-TEST-1Y', 'YG-TV-3Y']);
  });

  it("sells on an order line only as the plan's rules allow, and checks the line the order system has", async () => {
    const refused = await t.http
      .post('/warranty/contracts')
      .set(as(agent))
      .send(sale('SO-W-0', { productCode: 'TV-SONY-65' }))
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'warranty.not_eligible', params: { reason: 'product_not_covered' } });
    const late = await t.http
      .post('/warranty/contracts')
      .set(as(agent))
      .send(sale('SO-W-0', { purchasedOn: new Date(clock.now() - 40 * DAY).toISOString().slice(0, 10) }))
      .expect(422);
    expect(late.body.params.reason).toBe('join_window_passed');
    const missing = await t.http.post('/warranty/contracts').set(as(agent)).send({ planCode: 'YG-TEST-1Y', orderNumber: 'SO-W-0', lineNo: 1 }).expect(400);
    expect(missing.body.message).toContain('productCode, productName, productPriceFen, purchasedOn, customerPhone are required');

    // An order the read model has: its line's facts stand; a price that differs is refused.
    const db = t.app.get(DataSource);
    const order = await db.getRepository(SalesOrder).save({
      number: 'SO-W-KNOWN',
      customerPhone: '+8613700002222',
      customerName: '钱进',
      storeUnitId: 1,
      soldAt: new Date(clock.now()),
      omsVersion: 1,
      updatedAt: new Date(clock.now()),
    });
    await db
      .getRepository(SalesOrderLine)
      .save({ orderId: order.id, lineNo: 1, productCode: 'KT-GREE-35', productName: '格力 1.5匹 空调', model: 'KFR-35', quantity: 1, unitPriceFen: 329_900 });
    const mismatch = await t.http
      .post('/warranty/contracts')
      .set(as(agent))
      .send({ planCode: 'YG-TEST-1Y', orderNumber: 'SO-W-KNOWN', lineNo: 1, productPriceFen: 1 })
      .expect(422);
    expect(mismatch.body).toMatchObject({ code: 'warranty.order_line_mismatch', params: { field: 'productPriceFen', known: 329_900 } });
    const offers = await t.http.get('/warranty/offers?orderNumber=SO-W-KNOWN').set(as(agent)).expect(200);
    expect(offers.body.lines[0].plans.filter((p: { eligible: boolean }) => p.eligible).map((p: { planCode: string }) => p.planCode)).toEqual([
      'YG-KT-3Y',
      'YG-TEST-1Y',
    ]);
    const known = await t.http.post('/warranty/contracts').set(as(agent)).send({ planCode: 'YG-TEST-1Y', orderNumber: 'SO-W-KNOWN', lineNo: 1 }).expect(201);
    expect(known.body).toMatchObject({
      number: 'YBSO-W-KNOWN-1',
      orderLineKnown: true,
      productCode: 'KT-GREE-35',
      customerPhone: '+8613700002222',
      paidFen: 36_500,
    });
    await t.http.post('/warranty/contracts').set(as(agent)).send({ planCode: 'YG-TEST-1Y', orderNumber: 'SO-W-KNOWN', lineNo: 1 }).expect(409);
  });

  it('opens a warranty work order for a covered fault; refuses appearance damage and a claim outside the term, saying why', async () => {
    const sold = await t.http.post('/warranty/contracts').set(as(agent)).send(sale('SO-W-1')).expect(201);
    const number = sold.body.number as string;
    expect(sold.body).toMatchObject({ status: 'active', startsOn: today(), orderLineKnown: false });

    const claim = await t.http
      .post(`/warranty/contracts/${number}/claims`)
      .set(as(agent))
      .send({ faultKind: 'performance', description: '制冷效果差，压缩机不启动' })
      .expect(201);
    const workOrder = await t.http.get(`/work-orders/${claim.body.workOrderNumber}`).set(as(agent)).expect(200);
    expect(workOrder.body).toMatchObject({ category: 'warranty_repair', terminal: 'warranty', type: 'service_request', externalOrderNumber: 'SO-W-1' });

    const appearance = await t.http
      .post(`/warranty/contracts/${number}/claims`)
      .set(as(agent))
      .send({ faultKind: 'appearance', description: '面板划痕' })
      .expect(422);
    expect(appearance.body).toMatchObject({ code: 'warranty.claim_refused', params: { reason: 'fault_not_covered' } });
    expect(appearance.body.message).toBe(`阳光包 ${number} does not cover this claim: a appearance fault is not covered (the contract covers: performance)`);

    // The demo's refrigerator contract is still in the maker's year.
    const early = await t.http
      .post('/warranty/contracts/YBSO-DEMO-0002-1/claims')
      .set(as(agent))
      .send({ faultKind: 'performance', description: '不制冷' })
      .expect(422);
    expect(early.body.params.reason).toBe('not_started');

    clock.offset = 370 * DAY;
    try {
      const expired = await t.http
        .post(`/warranty/contracts/${number}/claims`)
        .set(as(agent))
        .send({ faultKind: 'performance', description: '又坏了' })
        .expect(422);
      expect(expired.body.params).toMatchObject({ reason: 'expired', endsOn: sold.body.endsOn });
    } finally {
      clock.offset = 0;
    }
    const looked = await t.http.get('/warranty/contracts?phone=137 0000 1111').set(as(agent)).expect(200);
    const found = looked.body.items.find((c: { number: string }) => c.number === number);
    expect(found.claims).toEqual([expect.objectContaining({ faultKind: 'performance', workOrderNumber: claim.body.workOrderNumber })]);
  });

  it('writes a claim’s work order and its link in one transaction: when the link cannot be written, no work order is left and no number taken', async () => {
    const number = (await t.http.post('/warranty/contracts').set(as(agent)).send(sale('SO-W-ATOMIC')).expect(201)).body.number as string;
    const db = t.app.get(DataSource);
    const claim = () => t.http.post(`/warranty/contracts/${number}/claims`).set(as(agent)).send({ faultKind: 'performance', description: '不制冷' });
    const ordersOfContract = async () => Number((await db.query("SELECT COUNT(*) AS n FROM work_order WHERE externalOrderNumber = 'SO-W-ATOMIC'"))[0].n);
    const first = (await claim().expect(201)).body.workOrderNumber as string;
    // The claim's insert fails after the work order's (its table is away): the whole claim rolls back.
    await db.query('ALTER TABLE warranty_claim RENAME TO warranty_claim_away');
    try {
      const failed = await claim().expect(500);
      expect(JSON.stringify(failed.body)).not.toContain('warranty_claim_away');
    } finally {
      await db.query('ALTER TABLE warranty_claim_away RENAME TO warranty_claim');
    }
    expect(await ordersOfContract()).toBe(1);
    const next = (await claim().expect(201)).body.workOrderNumber as string;
    // The day's numbers stay gap-free: the failed claim's number was given back with its transaction.
    const sequence = (n: string) => Number(n.split('-')[1]);
    expect(sequence(next)).toBe(sequence(first) + 1);
    expect(await ordersOfContract()).toBe(2);
    const claims = (await t.http.get(`/warranty/contracts?orderNumber=SO-W-ATOMIC`).set(as(agent)).expect(200)).body.items[0].claims;
    expect(claims.map((c: { workOrderNumber: string }) => c.workOrderNumber)).toEqual([first, next]);
  });

  it('refunds a cancellation in full within the full-refund days, later pro rata less the fee, and tells the order system', async () => {
    const early = (await t.http.post('/warranty/contracts').set(as(agent)).send(sale('SO-W-2')).expect(201)).body;
    const late = (await t.http.post('/warranty/contracts').set(as(agent)).send(sale('SO-W-3')).expect(201)).body;
    clock.offset = 10 * DAY;
    try {
      const full = await t.http.post(`/warranty/contracts/${early.number}/cancel`).set(as(agent)).send({ reason: '不需要了' }).expect(200);
      expect(full.body).toMatchObject({ status: 'cancelled', refundFen: 36_500, cancelReason: '不需要了' });
      await t.http.post(`/warranty/contracts/${early.number}/cancel`).set(as(agent)).send({ reason: 'again' }).expect(409);

      clock.offset = 100 * DAY;
      const day = today();
      const expected = refundOnCancel(
        { status: 'active', terms: late.terms, startsOn: late.startsOn, endsOn: late.endsOn, soldOn: late.soldOn, paidFen: 36_500 },
        day,
      );
      expect(expected.basis).toBe('pro_rata');
      const quote = await t.http.get(`/warranty/contracts/${late.number}/refund-quote`).set(as(agent)).expect(200);
      expect(quote.body).toEqual({ day, ...expected });
      const cancelled = await t.http.post(`/warranty/contracts/${late.number}/cancel`).set(as(agent)).send({ reason: '搬家' }).expect(200);
      expect(cancelled.body.refundFen).toBe(expected.refundFen);
      expect(cancelled.body.refundFen).toBe(Math.floor((36_500 * expected.unusedDays) / expected.totalDays) - 2000);
    } finally {
      clock.offset = 0;
    }
    const messages: Array<{ topic: string; payload: string }> = await t.app
      .get(DataSource)
      .query("SELECT topic, payload FROM outbox_message WHERE topic = 'warranty.contract.cancelled' ORDER BY id");
    expect(messages.map((m) => JSON.parse(m.payload) as { contract: string; refundFen: number })).toEqual([
      expect.objectContaining({ contract: early.number, refundFen: 36_500, basis: 'full' }),
      expect.objectContaining({ contract: late.number, basis: 'pro_rata' }),
    ]);
  });
});
