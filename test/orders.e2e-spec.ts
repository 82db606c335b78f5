import { DataSource } from 'typeorm';
import { EventBus } from '../src/events/event-bus';
import type { OrderChangeEvent } from '../src/orders/deliveries/order-change-event';
import { omsSignature } from '../src/orders/oms-push/oms-signature';
import { SmsNotifierService } from '../src/sms/sms-notifier.service';
import { byMessage } from './support/error-body';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const CALLER = '+8613800138000';
const HOTLINE = '4008001234';
const SECRET = 'oms-test-secret-0123456789';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

// The harness's clock: Monday 2026-11-23, 10:00 in China.
const line = (order: string, lineNo: number, extra: Record<string, unknown> = {}) => ({
  order,
  phone: order === 'SO1001' ? '138 0013 8000' : '13900139000',
  customerName: order === 'SO1001' ? '李女士' : '赵先生',
  store: 'S001',
  soldAt: '2026-11-20T15:30:00+08:00',
  version: 5,
  lineNo,
  productCode: `P${lineNo}00`,
  productName: lineNo === 1 ? '海尔冰箱 BCD-470' : '安装服务',
  model: lineNo === 1 ? 'BCD-470WDPG' : '',
  quantity: 1,
  unitPriceFen: lineNo === 1 ? 459900 : 0,
  ...extra,
});
const booking = (reference: string, order: string, day: string, timeWindow: string, extra: Record<string, unknown> = {}) => ({
  reference,
  order,
  version: 5,
  kind: 'delivery',
  centre: 'L001',
  day,
  timeWindow,
  status: 'booked',
  installer: '',
  address: '北京市朝阳区建国路 88 号',
  ...extra,
});

describe('orders, deliveries and stock at the agent’s hand (e2e)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  let agent: string;
  const changes: OrderChangeEvent[] = [];

  beforeAll(async () => {
    // An import of 7 800 rows is ~1.5 MB of JSON: over BODY_LIMIT_BYTES (1 MB), under the import's own limit.
    h = await startTelephonyHarness({
      BUSINESS_HOURS: '00:00-24:00',
      OMS_PUSH_SECRET: SECRET,
      CAPACITY_CHECK_INTERVAL_SECONDS: '0',
    });
    [supervisor, agent] = await Promise.all([h.tokenFor('2001'), h.tokenFor('1003')]);
    h.app
      .get(EventBus)
      .on('order-change')
      .subscribe((e) => changes.push(e));
    // L001 runs two windows a day: 2 slots in the morning, 3 in the afternoon.
    await h.http
      .put('/delivery-slots/L001')
      .set(auth(supervisor))
      .send({
        windows: [
          { timeWindow: '09:00-12:00', slots: 2 },
          { timeWindow: '14:00-18:00', slots: 3 },
        ],
      })
      .expect(200);
  });
  afterAll(() => h?.close());

  const push = (order: unknown, options: { secret?: string; at?: number } = {}) => {
    const body = JSON.stringify({ order });
    const timestamp = String(Math.floor((options.at ?? h.clock.now()) / 1000));
    return h.http
      .post('/orders/oms-changes')
      .set('Content-Type', 'application/json')
      .set('X-OMS-Timestamp', timestamp)
      .set('X-OMS-Signature', omsSignature(options.secret ?? SECRET, timestamp, body))
      .send(body);
  };

  it('imports orders, bookings and stock all-or-nothing, naming each bad row', async () => {
    const bad = await h.http
      .post('/orders/import')
      .set(auth(supervisor))
      .send({
        lines: [line('SO1001', 1), line('SO1001', 2, { phone: 'not a phone' }), line('SO2002', 1, { store: 'L001' })],
        stock: [{ product: 'P100', productName: '冰箱', unit: 'S999', quantity: 3 }],
      })
      .expect(400);
    expect(bad.body.code).toBe('orders_import.rows_invalid');
    expect(bad.body.errors.map(byMessage)).toEqual([
      'lines row 2: phone "not a phone" is not a phone number',
      'lines row 3: store "L001" is a logistics unit, not store',
      'stock row 1: unit "S999" is not a known unit code',
    ]);
    expect((await h.http.get('/orders?q=SO1001').set(auth(agent)).expect(200)).body.items).toEqual([]);

    const ok = await h.http
      .post('/orders/import')
      .set(auth(supervisor))
      .send({
        lines: [line('SO1001', 1), line('SO1001', 2), line('SO2002', 1)],
        bookings: [
          booking('B1001', 'SO1001', '2026-11-25', '09:00-12:00'),
          booking('B2001', 'SO2002', '2026-11-26', '09:00-12:00'),
          booking('B2002', 'SO2002', '2026-11-26', '09:00-12:00', { kind: 'installation', centre: 'D001', installer: '王师傅' }),
        ],
        stock: [{ product: 'P100', productName: '海尔冰箱 BCD-470', unit: 'S001', quantity: 7 }],
      })
      .expect(201);
    expect(ok.body).toEqual({ imported: 7, orders: { applied: 2, stale: 0 }, lines: { applied: 3, stale: 0 }, bookings: { applied: 3, stale: 0 }, stock: 1 });
    // A second booking fills L001's morning of the 26th.
    await h.http
      .post('/orders/import.csv?kind=bookings')
      .set(auth(supervisor))
      .set('Content-Type', 'text/csv')
      .send(
        'reference,order,version,kind,centre,day,timeWindow,status,installer,address\r\nB2003,SO2002,5,delivery,L001,2026-11-26,09:00-12:00,booked,,上海路 1 号\r\n',
      )
      .expect(201);
    await h.http
      .post('/orders/import.csv?kind=stock')
      .set(auth(supervisor))
      .set('Content-Type', 'text/csv')
      .send('product,productName,unit,quantity\nP100,海尔冰箱 BCD-470,L001,120\n')
      .expect(201);

    const found = (await h.http.get('/orders?q=SO1001').set(auth(agent)).expect(200)).body;
    expect(found.matchedBy).toBe('order');
    expect(found.items[0]).toMatchObject({
      number: 'SO1001',
      customerPhone: CALLER, // normalised as the customer file keys phones
      store: { code: 'S001' },
      omsVersion: 5,
      totalFen: 459900,
      lines: [{ lineNo: 1, productCode: 'P100', model: 'BCD-470WDPG', unitPriceFen: 459900 }, { lineNo: 2 }],
      bookings: [{ reference: 'B1001', kind: 'delivery', centre: { code: 'L001' }, day: '2026-11-25', timeWindow: '09:00-12:00', status: 'booked' }],
    });
    const byPhone = (await h.http.get('/orders?q=13900139000').set(auth(agent)).expect(200)).body;
    expect(byPhone).toMatchObject({ matchedBy: 'phone', items: [{ number: 'SO2002' }] });
    const stock = (await h.http.get('/stock?product=P100').set(auth(agent)).expect(200)).body;
    expect(stock.map((s: { unit: { code: string }; quantity: number }) => [s.unit.code, s.quantity])).toEqual([
      ['S001', 7],
      ['L001', 120],
    ]);
  });

  it('leaves an older version alone among newer ones in one import (across the statements’ chunks), and a replay changes nothing', async () => {
    const mine = (order: string, lineNo: number, extra: Record<string, unknown> = {}) => line(order, lineNo, { phone: '13600136000', ...extra });
    const orderOf = async (number: string) => (await h.http.get(`/orders/${number}`).set(auth(agent)).expect(200)).body;
    await h.http
      .post('/orders/import')
      .set(auth(supervisor))
      .send({
        lines: [mine('SO7001', 1), mine('SO7001', 2), mine('SO7002', 1)],
        bookings: [booking('B7001', 'SO7001', '2026-11-27', '14:00-18:00'), booking('B7002', 'SO7002', '2026-11-27', '14:00-18:00')],
      })
      .expect(201);
    // 2 600 new orders (5 200 lines: two statements on MariaDB, six on SQLite), then SO7001 at an older version
    // (its changed phone, price and a third line ignored) and SO7002 at a newer one.
    const many = Array.from({ length: 2600 }, (_, i) => `SO8${String(i).padStart(4, '0')}`);
    const body = {
      lines: [
        ...many.flatMap((n) => [mine(n, 1, { version: 1 }), mine(n, 2, { version: 1 })]),
        mine('SO7001', 1, { version: 3, phone: '13700137000', unitPriceFen: 1 }),
        mine('SO7001', 3, { version: 3, phone: '13700137000' }),
        // Quotes, a backslash and a question mark: written as given (MariaDB's statements carry the values escaped in their text).
        mine('SO7002', 1, { version: 6, unitPriceFen: 399900, productName: `O'Neil "冰箱" \\ ? 100%`, model: '?' }),
      ],
      bookings: [
        ...many.map((n) => booking(`B${n}`, n, '2026-11-30', '09:00-12:00', { version: 1 })),
        booking('B7001', 'SO7001', '2026-12-01', '09:00-12:00', { version: 3 }),
        booking('B7002', 'SO7002', '2026-12-01', '09:00-12:00', { version: 6 }),
      ],
    };
    const answer = {
      imported: 5203 + 2602,
      orders: { applied: 2601, stale: 1 },
      lines: { applied: 5201, stale: 2 },
      bookings: { applied: 2601, stale: 1 },
      stock: 0,
    };
    expect((await h.http.post('/orders/import').set(auth(supervisor)).send(body).expect(201)).body).toEqual(answer);
    const stale = await orderOf('SO7001');
    expect(stale).toMatchObject({ omsVersion: 5, customerPhone: '+8613600136000', totalFen: 459900 });
    expect(stale.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([1, 2]);
    expect(stale.bookings).toMatchObject([{ reference: 'B7001', day: '2026-11-27', timeWindow: '14:00-18:00' }]);
    expect(await orderOf('SO7002')).toMatchObject({
      omsVersion: 6,
      totalFen: 399900,
      lines: [{ productName: `O'Neil "冰箱" \\ ? 100%`, model: '?' }],
      bookings: [{ reference: 'B7002', day: '2026-12-01', version: 2 }],
    });
    expect(await orderOf('SO82599')).toMatchObject({ omsVersion: 1, lines: [{ lineNo: 1 }, { lineNo: 2 }], bookings: [{ reference: 'BSO82599' }] });

    // The same file again: equal versions are applied (a replay), the older one still left alone.
    expect((await h.http.post('/orders/import').set(auth(supervisor)).send(body).expect(201)).body).toEqual(answer);
    expect(await orderOf('SO7001')).toMatchObject({ omsVersion: 5, totalFen: 459900, lines: [{ lineNo: 1 }, { lineNo: 2 }] });
    expect(await orderOf('SO7002')).toMatchObject({ omsVersion: 6, totalFen: 399900 });
  });

  it('refuses a body whose kinds are not lists of rows, or that has other fields, naming each', async () => {
    const bad = await h.http.post('/orders/import').set(auth(supervisor)).send({ lines: 'SO1,1', stock: null, orders: [] }).expect(400);
    expect(bad.body.code).toBe('validation.field_invalid');
    expect(bad.body.errors.map(byMessage)).toEqual([
      'lines must be an array of order-line rows',
      'stock must be an array of stock rows',
      'property orders should not exist',
    ]);
    const list = await h.http
      .post('/orders/import')
      .set(auth(supervisor))
      .send([line('SO1', 1)])
      .expect(400);
    expect(list.body.errors.map(byMessage)).toEqual(['the body must be an object with lines, bookings or stock']);
  });

  it('takes an import over the API’s 1 MB body limit up to its own (8 MB), and names the limit it broke beyond', async () => {
    // Padding in a field the checker reads past: the body's size is what is tested here, not its rows.
    const big = 'x'.repeat(9 * 1024 * 1024);
    const tooLarge = await h.http
      .post('/orders/import')
      .set(auth(supervisor))
      .set('content-type', 'application/json')
      .send(`{"lines":[],"pad":"${big}"}`)
      .expect(413);
    expect(tooLarge.body).toMatchObject({ code: 'request.body_too_large', message: `Request body exceeds ${8 * 1024 * 1024} bytes` });
    // Any other route keeps the general limit.
    const elsewhere = await h.http
      .post('/work-orders')
      .set(auth(agent))
      .set('content-type', 'application/json')
      .send(`{"pad":"${'x'.repeat(1100 * 1024)}"}`)
      .expect(413);
    expect(elsewhere.body).toMatchObject({ code: 'request.body_too_large', message: `Request body exceeds ${1024 * 1024} bytes` });
  });

  it('applies a signed push of a newer version, ignores an older one and a replay, and refuses a bad or stale signature', async () => {
    const order = {
      number: 'SO1001',
      version: 7,
      customerPhone: '13800138000',
      customerName: '李女士',
      store: 'S001',
      soldAt: '2026-11-20T15:30:00+08:00',
      lines: [{ lineNo: 1, productCode: 'P100', productName: '海尔冰箱 BCD-470', model: 'BCD-470WDPG', quantity: 1, unitPriceFen: 449900 }],
      bookings: [
        {
          reference: 'B1001',
          kind: 'delivery',
          centre: 'L001',
          day: '2026-11-25',
          timeWindow: '09:00-12:00',
          status: 'booked',
          address: '北京市朝阳区建国路 99 号',
        },
      ],
    };
    expect((await push(order).expect(200)).body).toEqual({ outcome: 'applied', number: 'SO1001', storedVersion: 7 });
    // Delivered late: the OMS's version 6 arrives after 7 and changes nothing.
    const older = {
      ...order,
      version: 6,
      lines: [{ ...order.lines[0], unitPriceFen: 1 }],
      bookings: [{ ...order.bookings[0], address: '旧地址 old address' }],
    };
    expect((await push(older).expect(200)).body).toEqual({ outcome: 'stale', number: 'SO1001', storedVersion: 7 });
    expect((await push(order).expect(200)).body).toMatchObject({ outcome: 'duplicate' });
    const stored = (await h.http.get('/orders/SO1001').set(auth(agent)).expect(200)).body;
    expect(stored).toMatchObject({
      omsVersion: 7,
      totalFen: 449900,
      lines: [{ lineNo: 1, unitPriceFen: 449900 }],
      bookings: [{ address: '北京市朝阳区建国路 99 号' }],
    });
    // An import of the older version 5 leaves the order as version 7 has it.
    const late = (
      await h.http
        .post('/orders/import')
        .set(auth(supervisor))
        .send({ lines: [line('SO1001', 1, { unitPriceFen: 2 })] })
        .expect(201)
    ).body;
    expect(late.orders).toEqual({ applied: 0, stale: 1 });
    expect((await h.http.get('/orders/SO1001').set(auth(agent)).expect(200)).body.totalFen).toBe(449900);

    expect((await push(order, { secret: 'not-the-secret-0000000' }).expect(401)).body.code).toBe('orders_push.signature_invalid');
    expect((await push(order, { at: h.clock.now() - 3_600_000 }).expect(401)).body.message).toContain('a replay?');
    await h.http.post('/orders/oms-changes').send({ order }).expect(401);
  });

  it('knows a caller with orders but no customer record from their newest order (not 新客户); a work order files them with that name and address', async () => {
    const buyer = { name: '赵先生', address: '上海路 1 号', orderNumber: 'SO2002' };
    const history = (await h.http.get('/customers/by-phone/13900139000').set(auth(agent)).expect(200)).body;
    expect(history).toMatchObject({ customer: null, orderCustomer: buyer });
    const found = (await h.http.get('/customer-360?q=139 0013 9000').set(auth(agent)).expect(200)).body;
    expect(found.customers).toEqual([
      expect.objectContaining({ customer: expect.objectContaining({ id: null, name: '赵先生', phones: ['+8613900139000'] }), orderCustomer: buyer }),
    ]);
    expect(found.customers[0].salesOrders.map((o: { number: string }) => o.number)).toEqual(['SO2002']);
    // Quality monitors see no orders, so no one known by them.
    const quality = await h.tokenFor('3001');
    expect((await h.http.get('/customer-360?q=13900139000').set(auth(quality)).expect(200)).body.customers).toEqual([]);
    // A number with neither: a new caller.
    expect((await h.http.get('/customers/by-phone/13700137000').set(auth(agent)).expect(200)).body).toMatchObject({ customer: null, orderCustomer: null });

    const order = (
      await h.http
        .post('/work-orders')
        .set(auth(agent))
        .send({ channel: 'hotline', type: 'inquiry', category: 'late_delivery', terminal: 'dispatch', customerPhone: '13900139000', description: '问配送时间' })
        .expect(201)
    ).body;
    expect(order.customer).toMatchObject({ name: '赵先生', phone: '+8613900139000' });
    const filed = (await h.http.get('/customers/by-phone/13900139000').set(auth(agent)).expect(200)).body;
    expect(filed).toMatchObject({
      customer: { id: order.customer.id, name: '赵先生', addresses: [{ label: 'SO2002', address: '上海路 1 号' }] },
      orderCustomer: null,
      workOrders: [{ number: order.number }],
    });
  });

  it('pops the caller’s orders on the agent’s call; a reschedule to a full window is refused, to a free one accepted, linked to the call and put in the outbox', async () => {
    const phone = await h.agent('1003');
    const pops: any[] = [];
    phone.softphone!.on('screen-pop', (pop) => pops.push(pop));
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    phone.accept();
    await h.advanceUntil(() => pops.length > 0, 10);
    expect(pops[0]).toMatchObject({ callSid, salesOrders: [{ number: 'SO1001', bookings: [{ reference: 'B1001', day: '2026-11-25' }] }] });
    // No customer record for the caller, but orders: known from the newest (not 新客户).
    expect(pops[0]).toMatchObject({ customer: null, orderCustomer: { name: '李女士', address: '北京市朝阳区建国路 99 号', orderNumber: 'SO1001' } });

    const calendar = (await h.http.get('/deliveries/B1001/calendar?from=2026-11-25&to=2026-11-26').set(auth(agent)).expect(200)).body;
    expect(calendar).toMatchObject({
      centre: { code: 'L001' },
      days: [
        { day: '2026-11-25', remaining: 4, windows: [{ timeWindow: '09:00-12:00', slots: 2, booked: 1, remaining: 1 }, { remaining: 3 }] },
        {
          day: '2026-11-26',
          remaining: 3,
          windows: [
            { timeWindow: '09:00-12:00', booked: 2, remaining: 0 },
            { timeWindow: '14:00-18:00', remaining: 3 },
          ],
        },
      ],
    });

    const full = await h.http.post('/deliveries/B1001/reschedule').set(auth(agent)).send({ day: '2026-11-26', timeWindow: '09:00-12:00', callSid }).expect(409);
    expect(full.body).toMatchObject({ code: 'booking.window_full', params: { slots: 2, booked: 2 } });
    const notSupervisor = await h.http
      .post('/deliveries/B1001/reschedule')
      .set(auth(agent))
      .send({ day: '2026-11-26', timeWindow: '09:00-12:00', callSid, override: { reason: '老人独居 only day possible' } })
      .expect(403);
    expect(notSupervisor.body.code).toBe('booking.override_forbidden');
    await h.http.post('/deliveries/B1001/reschedule').set(auth(agent)).send({ day: '2026-11-26', timeWindow: '19:00-21:00', callSid }).expect(400);

    const moved = (
      await h.http
        .post('/deliveries/B1001/reschedule')
        .set(auth(agent))
        .send({ day: '2026-11-26', timeWindow: '14:00-18:00', callSid, expectedVersion: 2 })
        .expect(201)
    ).body;
    expect(moved.booking).toMatchObject({ reference: 'B1001', day: '2026-11-26', timeWindow: '14:00-18:00', status: 'booked', version: 3 });
    expect(moved.change).toMatchObject({
      kind: 'reschedule',
      callSid,
      byJobNumber: '1003',
      before: { day: '2026-11-25', timeWindow: '09:00-12:00' },
      after: { day: '2026-11-26', timeWindow: '14:00-18:00' },
      overrideReason: null,
    });
    expect(changes.at(-1)).toMatchObject({ changeId: moved.change.id, orderNumber: 'SO1001', bookingReference: 'B1001', callSid });
    // Committed with the change, for the order system: one outbox message keyed by the order, none for the refusals.
    const messages = await h.app
      .get(DataSource)
      .query("SELECT topic, aggregateKey, idempotencyKey, payload FROM outbox_message WHERE topic LIKE 'order.%' ORDER BY id");
    expect(messages).toHaveLength(1);
    // The customer is told the new day and window by SMS (回复TD退订 honoured as for every SMS).
    await h.app.get(SmsNotifierService).settled();
    const sms = await h.app.get(DataSource).query("SELECT phone, body FROM sms_message WHERE kind = 'delivery_changed'");
    expect(sms).toHaveLength(1);
    expect(sms[0].phone).toBe(CALLER);
    expect(sms[0].body).toEqual(expect.stringContaining('SO1001'));
    expect(messages[0]).toMatchObject({ topic: 'order.delivery.rescheduled', aggregateKey: 'SO1001', idempotencyKey: `order-change:${moved.change.id}` });
    expect(JSON.parse(messages[0].payload)).toMatchObject({ kind: 'reschedule', after: { day: '2026-11-26', timeWindow: '14:00-18:00' }, callSid });
    // The version read before the move is stale now.
    expect(
      (await h.http.post('/deliveries/B1001/address').set(auth(agent)).send({ address: '北京市朝阳区新地址 1 号', expectedVersion: 2 }).expect(409)).body.code,
    ).toBe('booking.stale');
    // A work order filed from the call: the next change on the call is linked to it too.
    const workOrder = (
      await h.http
        .post('/work-orders')
        .set(auth(agent))
        .send({
          channel: 'hotline',
          type: 'service_request',
          category: 'late_delivery',
          terminal: 'dispatch',
          customerPhone: CALLER,
          description: '改地址 new address',
          callSid,
        })
        .expect(201)
    ).body;
    const address = (await h.http.post('/deliveries/B1001/address').set(auth(agent)).send({ address: '北京市朝阳区新地址 1 号', callSid }).expect(201)).body;
    expect(address.change).toMatchObject({ kind: 'address', callSid, workOrderNumber: workOrder.number, after: { address: '北京市朝阳区新地址 1 号' } });
  });

  it('a supervisor books a full window with an override and a reason, audited; the capacity warning counts the bookings', async () => {
    const boss = (
      await h.http
        .post('/deliveries/B1001/reschedule')
        .set(auth(supervisor))
        .send({ day: '2026-11-26', timeWindow: '09:00-12:00', override: { reason: '客户只能上午在家 customer home mornings only' } })
        .expect(201)
    ).body;
    expect(boss.change).toMatchObject({ overrideByJobNumber: '2001', overrideReason: '客户只能上午在家 customer home mornings only' });
    const audit = (await h.http.get('/deliveries/B1001/changes').set(auth(supervisor)).expect(200)).body;
    expect(audit.map((c: { kind: string; byJobNumber: string }) => [c.kind, c.byJobNumber])).toEqual([
      ['reschedule', '2001'],
      ['address', '1003'],
      ['reschedule', '1003'],
    ]);
    const capacity = (await h.http.get('/quality/capacity?from=2026-11-26&to=2026-11-26').set(auth(supervisor)).expect(200)).body;
    expect(capacity.find((c: { unitCode: string }) => c.unitCode === 'L001')).toMatchObject({
      bookedDeliveries: 3,
      bookingsSource: 'bookings',
      capacity: 5,
      capacitySource: 'slots',
    });
  });

  it('books a failed delivery again (再配送) only from failed', async () => {
    await h.http.post('/deliveries/B2001/redelivery').set(auth(agent)).send({ day: '2026-11-27', timeWindow: '14:00-18:00' }).expect(409);
    await h.http
      .post('/orders/import')
      .set(auth(supervisor))
      .send({ bookings: [booking('B2001', 'SO2002', '2026-11-26', '09:00-12:00', { status: 'failed' })] })
      .expect(201);
    const again = (await h.http.post('/deliveries/B2001/redelivery').set(auth(agent)).send({ day: '2026-11-27', timeWindow: '14:00-18:00' }).expect(201)).body;
    expect(again.booking).toMatchObject({ status: 'booked', day: '2026-11-27' });
    expect(again.change).toMatchObject({ kind: 'redelivery', before: { status: 'failed' }, after: { status: 'booked' } });
  });

  it('a pushed snapshot replaces the order’s lines and bookings: one it no longer lists is cancelled and frees its slot; an older snapshot removes nothing', async () => {
    const order = {
      number: 'SO3003',
      version: 1,
      customerPhone: '13600136000',
      customerName: '钱女士',
      store: 'S001',
      soldAt: '2026-11-21T10:00:00+08:00',
      lines: [
        { lineNo: 1, productCode: 'P300', productName: '洗碗机', model: 'W1', quantity: 1, unitPriceFen: 300000 },
        { lineNo: 2, productCode: 'P301', productName: '安装服务', quantity: 1, unitPriceFen: 0 },
      ],
      bookings: [
        {
          reference: 'B3003-D',
          kind: 'delivery',
          centre: 'L001',
          day: '2026-11-28',
          timeWindow: '09:00-12:00',
          status: 'booked',
          address: '北京市西城区 3 号',
        },
        {
          reference: 'B3003-I',
          kind: 'installation',
          centre: 'L001',
          day: '2026-11-28',
          timeWindow: '09:00-12:00',
          status: 'booked',
          address: '北京市西城区 3 号',
        },
      ],
    };
    const morning = async () =>
      (await h.http.get('/deliveries/B3003-D/calendar?from=2026-11-28&to=2026-11-28').set(auth(agent)).expect(200)).body.days[0].windows[0];
    expect((await push(order).expect(200)).body.outcome).toBe('applied');
    expect(await morning()).toMatchObject({ timeWindow: '09:00-12:00', slots: 2, booked: 2, remaining: 0 });
    await h.http.post('/deliveries/B3003-I/address').set(auth(agent)).send({ address: '北京市西城区 3 号 2 单元' }).expect(201);

    // Version 2: the OMS cancelled the installation and the installation line.
    const v2 = { ...order, version: 2, lines: [order.lines[0]], bookings: [order.bookings[0]] };
    expect((await push(v2).expect(200)).body.outcome).toBe('applied');
    const stored = (await h.http.get('/orders/SO3003').set(auth(agent)).expect(200)).body;
    expect(stored.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([1]);
    expect(stored.bookings.map((b: { reference: string; status: string }) => [b.reference, b.status])).toEqual([
      ['B3003-D', 'booked'],
      ['B3003-I', 'cancelled'],
    ]);
    expect(await morning()).toMatchObject({ booked: 1, remaining: 1 });
    // The cancelled booking cannot be moved from the hotline; the freed slot can be taken.
    expect(
      (await h.http.post('/deliveries/B3003-I/reschedule').set(auth(agent)).send({ day: '2026-11-29', timeWindow: '14:00-18:00' }).expect(409)).body.code,
    ).toBe('booking.not_changeable');
    // An older snapshot, late, still listing the installation: it brings back nothing.
    expect((await push(order).expect(200)).body.outcome).toBe('stale');
    expect((await h.http.get('/orders/SO3003').set(auth(agent)).expect(200)).body.bookings.map((b: { status: string }) => b.status)).toEqual([
      'booked',
      'cancelled',
    ]);
    expect(await morning()).toMatchObject({ booked: 1 });
    // A snapshot with no bookings at all cancels the last one.
    expect((await push({ ...v2, version: 3, bookings: [] }).expect(200)).body.outcome).toBe('applied');
    expect(await morning()).toMatchObject({ booked: 0, remaining: 2 });
    // An order is its lines: a snapshot with none is refused, naming the field, and changes nothing.
    const empty = await push({ ...v2, version: 4, lines: [] }).expect(400);
    expect(empty.body.message).toContain('lines');
    expect((await h.http.get('/orders/SO3003').set(auth(agent)).expect(200)).body).toMatchObject({ omsVersion: 3, lines: [{ lineNo: 1 }] });
    // The audit of the hotline's change still names the cancelled booking.
    expect((await h.http.get('/deliveries/B3003-I/changes').set(auth(supervisor)).expect(200)).body).toHaveLength(1);
  });
});
