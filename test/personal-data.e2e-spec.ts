import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DataRetentionScheduler } from '../src/customers/personal-data/data-retention-scheduler';
import { CallbackSchedulerService } from '../src/quality/callbacks/callback-scheduler.service';
import { CallRecord } from '../src/telephony/call-record.entity';
import { startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('personal data under PIPL: export, erasure, retention (e2e)', () => {
  let t: TestApp;
  let attachmentsDir: string;
  let agent: string;
  let quality: string;
  let supervisor: string;
  let admin: string;
  let sequence = 0;
  beforeAll(async () => {
    attachmentsDir = mkdtempSync(join(tmpdir(), 'hotline-pipl-'));
    t = await startTestApp({
      ATTACHMENTS_DIR: attachmentsDir,
      RECORDING_RETENTION_DAYS: '90',
      CUSTOMER_RETENTION_DAYS: '365',
      RETENTION_SWEEP_INTERVAL_SECONDS: '0',
    });
    [agent, quality, supervisor, admin] = await Promise.all(['1001', '3001', '2001', '9001'].map((j) => t.tokenFor(j)));
  });
  afterAll(async () => {
    await t.close();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  const calls = () => t.app.get(DataSource).getRepository(CallRecord);
  /** A finished inbound call from `from`, with a recording, as telephony records it. */
  const recordCall = async (from: string, arrivedAt = new Date()) => {
    const callSid = 'CA' + String(++sequence).padStart(32, '0');
    await calls().insert({
      callSid,
      direction: 'inbound',
      fromNumber: from,
      toNumber: '+864008001234',
      arrivedAt,
      answeredAt: arrivedAt,
      answeredBy: 'agent',
      connectedAt: arrivedAt,
      agentJobNumber: '1001',
      queueCode: 'complaints',
      status: 'ended',
      outcome: 'answered',
      endedAt: new Date(arrivedAt.getTime() + 60_000),
      recordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${sequence}`,
    });
    return callSid;
  };
  const createOrder = async (phone: string, callSid?: string) =>
    (
      await t.http
        .post('/work-orders')
        .set(auth(agent))
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: phone,
          customerName: '孙女士',
          description: '冰箱未送到',
          callSid,
        })
        .expect(201)
    ).body;
  /** Through the lifecycle to closed, and its callback visit (回访) made. */
  const closeAndVisit = async (number: string) => {
    await t.http.post(`/work-orders/${number}/solution`).set(auth(agent)).send({ solution: '明天送达' }).expect(200);
    await t.http.post(`/work-orders/${number}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'in_person' }).expect(200);
    await t.http.post(`/work-orders/${number}/close`).set(auth(agent)).send({}).expect(200);
    await t.app.get(CallbackSchedulerService).settled();
    const visits = (await t.http.get('/quality/callbacks?status=scheduled&limit=100').set(auth(supervisor)).expect(200)).body.items;
    const visit = visits.find((v: { workOrder: { number: string } }) => v.workOrder.number === number);
    return visit.id as number;
  };

  it('exports everything held about a customer, erases it on request once the orders are done, and keeps the audit', async () => {
    const phone = '+8613900139001';
    const callSid = await recordCall(phone);
    const order = await createOrder('13900139001', callSid);
    await t.http
      .post(`/work-orders/${order.number}/attachments`)
      .set(auth(agent))
      .send({ fileName: 'box.png', contentType: 'image/png', dataBase64: PNG })
      .expect(201);
    const customerId = order.customer.id;

    await t.http.post(`/customers/${customerId}/personal-data/export`).set(auth(supervisor)).send({ reason: 'x' }).expect(403);
    expect((await t.http.post(`/customers/${customerId}/personal-data/export`).set(auth(admin)).send({}).expect(400)).body.errors.map(byMessage)).toEqual([
      'reason must be longer than or equal to 1 characters',
      'reason must be a string',
    ]);
    await t.http.post('/customers/999999/personal-data/export').set(auth(admin)).send({ reason: 'x' }).expect(404);
    const exported = (
      await t.http.post(`/customers/${customerId}/personal-data/export`).set(auth(admin)).send({ reason: '顾客来电要求查阅 customer request' }).expect(200)
    ).body;
    expect(exported.customer).toMatchObject({ id: customerId, name: '孙女士', phones: [phone] });
    expect(exported.workOrders).toEqual([
      expect.objectContaining({
        number: order.number,
        customerPhone: phone,
        description: '冰箱未送到',
        attachments: [expect.objectContaining({ originalName: 'box.png', contentType: 'image/png' })],
      }),
    ]);
    expect(exported.calls).toEqual([expect.objectContaining({ callSid, fromNumber: phone, recordingUrl: expect.stringMatching(/^https:/) })]);

    const refused = await t.http.post(`/customers/${customerId}/personal-data/erasure`).set(auth(admin)).send({ reason: '顾客要求删除' }).expect(409);
    expect(refused.body.message).toBe(`Customer ${customerId} has 1 open work order(s); close them before erasing their personal data`);
    const visitId = await closeAndVisit(order.number);
    expect(
      (await t.http.post(`/customers/${customerId}/personal-data/erasure`).set(auth(admin)).send({ reason: '顾客要求删除' }).expect(409)).body.message,
    ).toBe(`Customer ${customerId} has a callback visit still to make; erase after it`);
    await t.http.post(`/quality/callbacks/${visitId}/result`).set(auth(quality)).send({ satisfaction: 5, solved: true }).expect(200);

    const erased = (
      await t.http.post(`/customers/${customerId}/personal-data/erasure`).set(auth(admin)).send({ reason: '顾客要求删除 erasure request' }).expect(200)
    ).body;
    expect(erased).toMatchObject({ customerId, summary: { workOrders: 1, calls: 1, recordings: 1, attachments: 1, phones: 1 } });

    expect((await t.http.get(`/customers/${customerId}`).set(auth(agent)).expect(200)).body).toMatchObject({
      name: null,
      phones: [],
      memberNumber: null,
      addresses: [],
    });
    expect((await t.http.get(`/customers/by-phone/${phone}`).set(auth(agent)).expect(200)).body.customer).toBeNull();
    const afterOrder = (await t.http.get(`/work-orders/${order.number}`).set(auth(agent)).expect(200)).body;
    expect(afterOrder.customer).toMatchObject({ id: customerId, name: null, phone: '' });
    expect(afterOrder.status).toBe('closed'); // the business record stays, for the figures
    expect(await calls().findOneByOrFail({ callSid })).toMatchObject({ fromNumber: '', recordingUrl: null, outcome: 'answered' });
    expect(existsSync(join(attachmentsDir, String(customerId)))).toBe(false);

    const audit = (await t.http.get(`/personal-data-requests?customerId=${customerId}`).set(auth(admin)).expect(200)).body.items;
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['erasure', 'export']);
    expect(audit[0]).toMatchObject({ by: '9001', reason: '顾客要求删除 erasure request', summary: erased.summary });
    expect(JSON.stringify(audit)).not.toMatch(/13900139001|孙女士/);
    await t.http.get('/personal-data-requests').set(auth(supervisor)).expect(403);
  });

  it('clears old recording links and erases customers inactive past the retention period, not active ones', async () => {
    const now = Date.now();
    const oldCall = await recordCall('+8613700137001', new Date(now - 100 * DAY));
    const recentCall = await recordCall('+8613700137002', new Date(now - 10 * DAY));
    const done = await createOrder('13700137003');
    const doneVisit = await closeAndVisit(done.number);
    await t.http.post(`/quality/callbacks/${doneVisit}/result`).set(auth(quality)).send({ satisfaction: 4, solved: true }).expect(200);
    const open = await createOrder('13700137004');

    const sweeper = t.app.get(DataRetentionScheduler);
    const first = await sweeper.sweep(new Date(now));
    expect(first.customers).toBe(0); // nobody inactive for a year yet
    expect(first.recordings).toBeGreaterThanOrEqual(1);
    expect((await calls().findOneByOrFail({ callSid: oldCall })).recordingUrl).toBeNull();
    expect((await calls().findOneByOrFail({ callSid: recentCall })).recordingUrl).not.toBeNull();

    const later = await sweeper.sweep(new Date(now + 400 * DAY));
    expect(later.customers).toBeGreaterThanOrEqual(1);
    expect((await t.http.get(`/customers/${done.customer.id}`).set(auth(agent)).expect(200)).body).toMatchObject({ name: null, phones: [] });
    expect((await t.http.get(`/customers/${open.customer.id}`).set(auth(agent)).expect(200)).body).toMatchObject({
      name: '孙女士',
      phones: ['+8613700137004'],
    });
    const [entry] = (await t.http.get(`/personal-data-requests?customerId=${done.customer.id}`).set(auth(admin)).expect(200)).body.items;
    expect(entry).toMatchObject({ action: 'retention', by: 'system', summary: { workOrders: 1, phones: 1 } });
    expect((await t.app.get(DataRetentionScheduler).sweep(new Date(now + 400 * DAY))).customers).toBe(0); // idempotent
  });
});
