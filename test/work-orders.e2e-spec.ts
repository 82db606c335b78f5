import type { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { IdempotencyKeysService } from '../src/work-orders/idempotency-keys.service';
import { SlaEscalationService } from '../src/work-orders/sla-escalation.service';
import { WorkOrderEvent, WorkOrderEvents } from '../src/work-orders/work-order-events.service';
import { WorkOrdersService } from '../src/work-orders/work-orders.service';
import { DEMO_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

const HOUR = 3600_000;
const attachmentsDir = mkdtempSync(join(tmpdir(), 'hotline-attachments-'));
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
let sidCounter = 0;
const callSid = () => `CA${(++sidCounter).toString(16).padStart(32, '0')}`;

describe('work orders (e2e, on the engine under test)', () => {
  let t: TestApp;
  let agent: string; // 1001
  let otherAgent: string; // 1002
  let supervisor: string; // 2001
  let quality: string; // 3001
  let store: string; // 4001, unit S001

  beforeAll(async () => {
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0', ATTACHMENTS_DIR: attachmentsDir });
    [agent, otherAgent, supervisor, quality, store] = await Promise.all(['1001', '1002', '2001', '3001', '4001'].map((j) => t.tokenFor(j)));
  });
  afterAll(async () => {
    await t.close();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  const create = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/work-orders')
      .set(auth(token))
      .send({
        channel: 'hotline',
        type: 'complaint',
        category: 'late_delivery',
        terminal: 'logistics',
        customerPhone: '13800138000',
        description: '冰箱三天未送到 fridge not delivered',
        ...body,
      });
    if (res.status !== 201) throw new Error(`create failed ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('creates a work order from a call and shows it on the call record and in the caller’s history', async () => {
    const sid = callSid();
    const order = await create(agent, { callSid: sid, customerPhone: '138-0013-8001', customerName: '张先生', product: '海尔冰箱 BCD-470' });
    expect(order.number).toMatch(/^WO\d{8}-\d{6}$/);
    expect(order).toMatchObject({
      status: 'new',
      channel: 'hotline',
      severity: 'normal',
      terminal: 'logistics',
      createdBy: '1001',
      agent: '1001',
      version: 1,
      customer: { name: '张先生', phone: '+8613800138001', vip: false },
      calls: [{ callSid: sid }],
      allowedActions: ['assign', 'solution', 'escalate'],
    });
    expect(new Date(order.dueAt).getTime() - new Date(order.createdAt).getTime()).toBe(72 * HOUR);

    const byCall = await t.http.get(`/work-orders?callSid=${sid}`).set(auth(agent)).expect(200);
    expect(byCall.body.items.map((o: { number: string }) => o.number)).toEqual([order.number]);
    expect(await t.app.get(WorkOrdersService).listForCall(sid)).toEqual([expect.objectContaining({ number: order.number, customerPhone: '+8613800138001' })]);

    const history = await t.http.get('/customers/by-phone/13800138001').set(auth(agent)).expect(200);
    expect(history.body).toMatchObject({
      phone: '+8613800138001',
      customer: { name: '张先生', phones: ['+8613800138001'] },
      openWorkOrders: 1,
      workOrders: [{ number: order.number, status: 'new', callSids: [sid] }],
      calls: [{ callSid: sid, workOrderNumber: order.number }],
    });
    // Another agent's screen pop lists only the orders GET /work-orders/:number would show them: none here.
    const otherHistory = await t.http.get('/customers/by-phone/13800138001').set(auth(otherAgent)).expect(200);
    expect(otherHistory.body).toMatchObject({ customer: { name: '张先生' }, openWorkOrders: 1, workOrders: [], calls: [] });
    const unknown = await t.http.get('/customers/by-phone/13900000000').set(auth(agent)).expect(200);
    expect(unknown.body).toEqual({
      phone: '+8613900000000',
      customer: null,
      orderCustomer: null,
      openWorkOrders: 0,
      workOrders: [],
      calls: [],
      previousCalls: [],
    });
    expect((await t.http.get('/customers/by-phone/12345').set(auth(agent)).expect(400)).body.message).toBe('phone "12345" is not a valid phone number');

    // A second call from the same customer links to the same order; linking twice is harmless.
    const second = callSid();
    await t.http.post(`/work-orders/${order.number}/calls`).set(auth(agent)).send({ callSid: second }).expect(200);
    const again = await t.http.post(`/work-orders/${order.number}/calls`).set(auth(agent)).send({ callSid: second }).expect(200);
    expect(again.body.alreadyLinked).toBe(true);
    expect((await t.http.get(`/work-orders/${order.number}`).set(auth(agent)).expect(200)).body.calls.map((c: { callSid: string }) => c.callSid)).toEqual([
      sid,
      second,
    ]);
  });

  it('rejects bad input with a 400 naming each field', async () => {
    const bad = await t.http
      .post('/work-orders')
      .set(auth(agent))
      .send({
        channel: 'fax',
        type: 'complaint',
        category: 'Late Delivery',
        terminal: 'moon',
        customerPhone: '13800138000',
        description: '',
        callSid: 'nope',
        extra: 1,
      })
      .expect(400);
    expect(bad.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        'property extra should not exist',
        expect.stringMatching(/^channel must be one of the following values: hotline/),
        expect.stringMatching(/^category must be 2–32 characters/),
        expect.stringMatching(/^terminal must be one of the following values/),
        'description must be longer than or equal to 1 characters',
        'callSid must be a Twilio CallSid (CA followed by 32 hex digits)',
      ]),
    );
    const phone = await t.http
      .post('/work-orders')
      .set(auth(agent))
      .send({ channel: 'web', type: 'inquiry', category: 'invoice', terminal: 'invoice', customerPhone: '555', description: 'x' })
      .expect(400);
    expect(phone.body.message).toBe('customerPhone "555" is not a valid phone number');
    const unit = await t.http
      .post('/work-orders')
      .set(auth(agent))
      .send({ channel: 'web', type: 'inquiry', category: 'invoice', terminal: 'invoice', customerPhone: '13800138000', description: 'x', unitCode: 'NOPE' })
      .expect(400);
    expect(unit.body.message).toBe('unitCode NOPE is not a known unit');
    await t.http.get('/work-orders/WO20000101-000001').set(auth(supervisor)).expect(404);
    expect((await t.http.get('/work-orders?limit=500&overdue=maybe').set(auth(supervisor)).expect(400)).body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['limit must not be greater than 100', 'overdue must be true or false']),
    );
  });

  it('closes only with the customer’s acceptance, recorded with how and by whom', async () => {
    const order = await create(agent);
    const n = order.number;
    const illegal = await t.http.post(`/work-orders/${n}/close`).set(auth(agent)).send({}).expect(409);
    expect(illegal.body).toMatchObject({
      code: 'work_order.not_allowed',
      params: { number: n, action: 'close', status: 'new' },
      currentStatus: 'new',
      allowedActions: ['assign', 'solution', 'escalate'],
    });
    expect(illegal.body.message).toBe(`Work order ${n}: Cannot close a work order that is new; allowed in new: assign, solution, escalate`);

    await t.http.post(`/work-orders/${n}/assign`).set(auth(agent)).send({ unitCode: 'L001', responsiblePerson: '李师傅' }).expect(200);
    await t.http.post(`/work-orders/${n}/start`).set(auth(agent)).send({}).expect(200);
    const proposed = await t.http.post(`/work-orders/${n}/solution`).set(auth(agent)).send({ solution: '明天上午优先配送并补偿50元' }).expect(200);
    expect(proposed.body).toMatchObject({
      status: 'solution_proposed',
      unit: { code: 'L001', terminal: 'logistics' },
      responsiblePerson: '李师傅',
      acceptance: null,
    });
    // Never close before the customer accepted: the steps offered now, named as the routes.
    expect(proposed.body.allowedActions).toEqual(['acceptance', 'reopen', 'escalate']);

    const refused = await t.http.post(`/work-orders/${n}/close`).set(auth(agent)).send({}).expect(409);
    expect(refused.body.message).toMatch(/customer's acceptance of the proposed solution has not been recorded/);
    expect(refused.body).toMatchObject({ code: 'work_order.not_accepted', allowedActions: ['acceptance', 'reopen', 'escalate'] });

    const noSid = await t.http.post(`/work-orders/${n}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'call' }).expect(400);
    expect(noSid.body.errors.map(byMessage)).toEqual(['callSid must be a Twilio CallSid (CA followed by 32 hex digits) (required when method is call)']);
    const sid = callSid();
    const accepted = await t.http.post(`/work-orders/${n}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'call', callSid: sid }).expect(200);
    expect(accepted.body.acceptance).toMatchObject({ method: 'call', callSid: sid, recordedBy: '1001' });
    expect(accepted.body.calls.map((c: { callSid: string }) => c.callSid)).toContain(sid);
    expect(accepted.body.allowedActions).toEqual(['close', 'reopen', 'escalate']);

    const closed = await t.http.post(`/work-orders/${n}/close`).set(auth(agent)).send({}).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', allowedActions: ['reopen'] });
    expect(closed.body.closedAt).not.toBeNull();

    const trail = (await t.http.get(`/work-orders/${n}/audit`).set(auth(quality)).expect(200)).body;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['create', 'assign', 'start', 'propose-solution', 'accept', 'close']);
    expect(trail[1]).toMatchObject({ by: '1001', before: { status: 'new', unitId: null }, after: { status: 'assigned', responsiblePerson: '李师傅' } });
  });

  it('reopens when the customer rejects the solution, and when a callback finds it unsolved', async () => {
    const { number: n } = await create(agent);
    await t.http.post(`/work-orders/${n}/solution`).set(auth(agent)).send({ solution: '退货' }).expect(200);
    const rejected = await t.http
      .post(`/work-orders/${n}/acceptance`)
      .set(auth(agent))
      .send({ accepted: false, method: 'in_person', note: '顾客要求换货' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'reopened', reopenCount: 1, acceptance: null });

    await t.http.post(`/work-orders/${n}/solution`).set(auth(agent)).send({ solution: '换货' }).expect(200);
    await t.http.post(`/work-orders/${n}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'in_person' }).expect(200);
    const closed = await t.http.post(`/work-orders/${n}/close`).set(auth(agent)).send({}).expect(200);
    // 回访: the quality monitor's callback finds it unsolved.
    const reopened = await t.http.post(`/work-orders/${n}/reopen`).set(auth(quality)).send({ reason: 'callback_unsolved', note: '新冰箱仍不制冷' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'reopened', reopenCount: 2, closedAt: null, acceptance: null });
    expect(new Date(reopened.body.dueAt).getTime()).toBeGreaterThan(new Date(closed.body.dueAt).getTime());
    expect((await t.http.post(`/work-orders/${n}/reopen`).set(auth(quality)).send({ reason: 'whatever' }).expect(400)).body.errors.map(byMessage)).toEqual([
      'reason must be one of the following values: customer_rejected, callback_unsolved, other',
    ]);
  });

  it('scopes terminal staff to their unit and agents to their own orders', async () => {
    const mine = await create(agent, { unitCode: 'S001', terminal: 'store' });
    const other = await create(agent, { unitCode: 'S002', terminal: 'store' });
    expect(mine.status).toBe('assigned');

    await t.http.get(`/work-orders/${mine.number}`).set(auth(store)).expect(200);
    await t.http.get(`/work-orders/${other.number}`).set(auth(store)).expect(404);
    await t.http.post(`/work-orders/${other.number}/start`).set(auth(store)).send({}).expect(404);
    const seen = (await t.http.get('/work-orders?limit=100').set(auth(store)).expect(200)).body.items.map((o: { number: string }) => o.number);
    expect(seen).toContain(mine.number);
    expect(seen).not.toContain(other.number);
    expect(
      new Set((await t.http.get('/work-orders?limit=100').set(auth(store)).expect(200)).body.items.map((o: { unit: { code: string } }) => o.unit.code)),
    ).toEqual(new Set(['S001']));

    const started = await t.http.post(`/work-orders/${mine.number}/start`).set(auth(store)).send({}).expect(200);
    expect(started.body.status).toBe('in_progress');
    await t.http.post(`/work-orders/${mine.number}/assign`).set(auth(store)).send({ unitCode: 'S002' }).expect(403);

    await t.http.get(`/work-orders/${mine.number}`).set(auth(otherAgent)).expect(404);
    expect((await t.http.get('/work-orders').set(auth(otherAgent)).expect(200)).body.items).toEqual([]);
    await t.http.get(`/work-orders/${other.number}`).set(auth(supervisor)).expect(200);
    await t.http.get(`/work-orders/${other.number}`).set(auth(quality)).expect(200);
    // The supervisor hands it to another agent, who then sees it.
    await t.http.post(`/work-orders/${other.number}/assign`).set(auth(supervisor)).send({ unitCode: 'S002', agentJobNumber: '1002' }).expect(200);
    await t.http.get(`/work-orders/${other.number}`).set(auth(otherAgent)).expect(200);
    const admin = await t.tokenFor('9001');
    await t.http.get('/work-orders').set(auth(admin)).expect(403);
  });

  it('shows quality monitors customers’ numbers masked, except in the one order they open — and audits that view', async () => {
    const order = await create(agent, { customerPhone: '13912345678' });
    const full = '+8613912345678';
    const listed = (await t.http.get(`/work-orders?q=${order.number}`).set(auth(quality)).expect(200)).body.items;
    expect(listed.map((o: { customer: { phone: string } }) => o.customer.phone)).toEqual(['139****5678']);
    expect((await t.http.get(`/work-orders?q=${order.number}`).set(auth(supervisor)).expect(200)).body.items[0].customer.phone).toBe(full);
    // An action's answer is masked too; opening the order shows the number, and the view is on record.
    const escalated = await t.http.post(`/work-orders/${order.number}/escalate`).set(auth(quality)).send({ note: '抽查发现' }).expect(200);
    expect(escalated.body.customer.phone).toBe('139****5678');
    const before = (await t.http.get(`/quality/phone-views?workOrder=${order.number}`).set(auth(supervisor)).expect(200)).body.items;
    expect(before).toEqual([]);
    expect((await t.http.get(`/work-orders/${order.number}`).set(auth(quality)).expect(200)).body.customer.phone).toBe(full);
    const views = (await t.http.get(`/quality/phone-views?workOrder=${order.number}`).set(auth(supervisor)).expect(200)).body.items;
    expect(views).toEqual([expect.objectContaining({ by: '3001', workOrderNumber: order.number, context: 'work_order' })]);
    // The screen pop keeps the number asked by; the customer's other numbers are masked for quality monitors.
    const customerId = (await t.http.get(`/work-orders/${order.number}`).set(auth(supervisor)).expect(200)).body.customer.id;
    await t.http.post(`/customers/${customerId}/phones`).set(auth(agent)).send({ phone: '13700001111' }).expect(201);
    const pop = (await t.http.get('/customers/by-phone/13912345678').set(auth(quality)).expect(200)).body;
    expect(pop.customer.phones.sort()).toEqual([full, '137****1111'].sort());
    expect((await t.http.get(`/customers/${customerId}`).set(auth(quality)).expect(200)).body.phones.sort()).toEqual(['137****1111', '139****5678']);
    expect((await t.http.get(`/customers/${customerId}`).set(auth(supervisor)).expect(200)).body.phones.sort()).toEqual(['+8613700001111', full]);
    // Others opening it are not quality monitors: nothing to audit.
    await t.http.get(`/work-orders/${order.number}`).set(auth(supervisor)).expect(200);
    expect((await t.http.get(`/quality/phone-views?workOrder=${order.number}`).set(auth(supervisor)).expect(200)).body.items).toHaveLength(1);
  });

  it('handles 无法处理 and major complaints at once, with a notification list', async () => {
    const events: WorkOrderEvent[] = [];
    const sub = t.app.get(WorkOrderEvents).events$.subscribe((e) => e.type !== 'changed' && events.push(e)); // notifications only
    const order = await create(agent, { unitCode: 'S001', terminal: 'store' });
    const escalated = await t.http.post(`/work-orders/${order.number}/cannot-handle`).set(auth(store)).send({ note: '需厂家介入' }).expect(200);
    expect(escalated.body).toMatchObject({ status: 'escalated', escalationReason: 'cannot-handle' });

    const media = await create(agent, { channel: 'media', severity: 'normal', description: '电视台曝光' });
    expect(media.severity).toBe('major');
    sub.unsubscribe();
    expect(events).toEqual([
      expect.objectContaining({ type: 'escalated', workOrderNumber: order.number, reason: 'cannot-handle' }),
      expect.objectContaining({ type: 'major-complaint', workOrderNumber: media.number, channel: 'media', reason: 'media' }),
    ]);
    const list = (await t.http.get('/work-orders/notifications?open=true').set(auth(supervisor)).expect(200)).body;
    expect(list.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'major-complaint', audience: 'management', workOrderNumber: media.number }),
      expect.objectContaining({ type: 'escalated', audience: 'supervisor', workOrderNumber: order.number, reason: 'cannot-handle' }),
    ]);
    await t.http.post(`/work-orders/notifications/${list[0].id}/acknowledge`).set(auth(supervisor)).expect(200);
    const open = (await t.http.get('/work-orders/notifications?open=true').set(auth(supervisor)).expect(200)).body;
    expect(open.map((n: { id: number }) => n.id)).not.toContain(list[0].id);
    await t.http.get('/work-orders/notifications').set(auth(agent)).expect(403);
  });

  it('takes claims (理赔申请) through supervisor approval to payment', async () => {
    const { number: n } = await create(agent);
    const missing = await t.http
      .post(`/work-orders/${n}/claims`)
      .set(auth(agent))
      .send({ responsibleParty: 'logistics', amount: 12.345, evidence: '照片' })
      .expect(400);
    expect(missing.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        'responsibleUnitCode must be a unit code (required when responsibleParty is store or logistics)',
        'amount must be a number of yuan with at most two decimals',
      ]),
    );
    const wrongUnit = await t.http
      .post(`/work-orders/${n}/claims`)
      .set(auth(agent))
      .send({ responsibleParty: 'logistics', responsibleUnitCode: 'S001', amount: 200, evidence: '照片' })
      .expect(400);
    expect(wrongUnit.body.message).toBe('responsibleUnitCode S001 is a store unit, not a logistics one');
    const claim = (
      await t.http
        .post(`/work-orders/${n}/claims`)
        .set(auth(agent))
        .send({ responsibleParty: 'logistics', responsibleUnitCode: 'L001', amount: 299.5, evidence: '送货损坏冰箱门, 见照片' })
        .expect(201)
    ).body;
    expect(claim).toMatchObject({ status: 'requested', amount: 299.5, responsibleUnit: 'L001' });

    await t.http.post(`/work-orders/${n}/claims/${claim.id}/approve`).set(auth(agent)).send({}).expect(403);
    await t.http.post(`/work-orders/${n}/claims/${claim.id}/paid`).set(auth(supervisor)).send({ paymentReference: 'PAY-1' }).expect(409);
    const approved = await t.http.post(`/work-orders/${n}/claims/${claim.id}/approve`).set(auth(supervisor)).send({ note: '物流责任' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisionNote: '物流责任' });
    const twice = await t.http.post(`/work-orders/${n}/claims/${claim.id}/reject`).set(auth(supervisor)).send({ note: 'no' }).expect(409);
    expect(twice.body.message).toBe(`Cannot reject claim ${claim.id}: it is approved; allowed: pay`);
    const paid = await t.http.post(`/work-orders/${n}/claims/${claim.id}/paid`).set(auth(supervisor)).send({ paymentReference: 'PAY-1' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', paymentReference: 'PAY-1' });

    const person = (
      await t.http
        .post(`/work-orders/${n}/claims`)
        .set(auth(agent))
        .send({ responsibleParty: 'person', responsibleName: '王五', amount: 50, evidence: '态度问题' })
        .expect(201)
    ).body;
    const noReason = await t.http.post(`/work-orders/${n}/claims/${person.id}/reject`).set(auth(supervisor)).send({}).expect(400);
    expect(noReason.body.message).toBe('note must give the reason for rejecting the claim');
    await t.http.post(`/work-orders/${n}/claims/${person.id}/reject`).set(auth(supervisor)).send({ note: '证据不足' }).expect(200);
    expect((await t.http.get(`/work-orders/${n}/claims`).set(auth(agent)).expect(200)).body.map((c: { status: string }) => c.status)).toEqual([
      'paid',
      'rejected',
    ]);
  });

  it('refuses a stale update with 409 and loses no update when two edit one order at once', async () => {
    const { number: n, version } = await create(agent);
    const [a, b] = await Promise.all([
      t.http.patch(`/work-orders/${n}`).set(auth(agent)).send({ product: 'A 冰箱', expectedVersion: version }),
      t.http.patch(`/work-orders/${n}`).set(auth(supervisor)).send({ externalOrderNumber: 'EXT-B', expectedVersion: version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toMatch(new RegExp(`^Work order ${n} has changed since version ${version} \\(it is now version ${version + 1}\\)`));
    const now = await t.http.get(`/work-orders/${n}`).set(auth(supervisor)).expect(200);
    expect(now.headers.etag).toBe(`"${version + 1}"`);
    expect(now.body.version).toBe(version + 1);
    expect(a.status === 200 ? now.body.product : now.body.externalOrderNumber).toBe(a.status === 200 ? 'A 冰箱' : 'EXT-B');

    // The loser reloads and retries: both changes are kept.
    const retry = a.status === 409 ? { product: 'A 冰箱' } : { externalOrderNumber: 'EXT-B' };
    const token = a.status === 409 ? agent : supervisor;
    await t.http.patch(`/work-orders/${n}`).set(auth(token)).set('If-Match', `"${version}"`).send(retry).expect(409);
    const done = await t.http.patch(`/work-orders/${n}`).set(auth(token)).set('If-Match', now.headers.etag).send(retry).expect(200);
    expect(done.body).toMatchObject({ product: 'A 冰箱', externalOrderNumber: 'EXT-B', version: version + 2 });

    // Without a version, concurrent transitions still cannot both apply.
    const results = await Promise.all([
      t.http.post(`/work-orders/${n}/assign`).set(auth(agent)).send({ unitCode: 'L001' }),
      t.http.post(`/work-orders/${n}/assign`).set(auth(supervisor)).send({ unitCode: 'L002' }),
    ]);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    const trail = (await t.http.get(`/work-orders/${n}/audit`).set(auth(supervisor)).expect(200)).body;
    const final = (await t.http.get(`/work-orders/${n}`).set(auth(supervisor)).expect(200)).body;
    expect(final.version).toBe(version + 2 + results.filter((r) => r.status === 200).length);
    expect(trail.filter((e: { action: string }) => e.action === 'assign').length).toBe(results.filter((r) => r.status === 200).length);
  });

  it('keeps remarks with colour flags as "reason + agent + date"', async () => {
    const { number: n } = await create(agent);
    const remark = await t.http.post(`/work-orders/${n}/remarks`).set(auth(agent)).send({ reason: '同意退款', flag: 'refundable' }).expect(201);
    expect(remark.body).toMatchObject({ flag: 'refundable', colour: 'green', by: '1001' });
    expect(remark.body.text).toMatch(/^同意退款 — 1001 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await t.http.post(`/work-orders/${n}/remarks`).set(auth(agent)).send({ reason: 'x', flag: 'pink' }).expect(400);
    const order = (await t.http.get(`/work-orders/${n}`).set(auth(agent)).expect(200)).body;
    expect(order.remarks).toEqual([expect.objectContaining({ reason: '同意退款', colour: 'green' })]);
    expect(order.version).toBe(1); // a remark is not an edit of the order
  });

  it('refuses null for fields that cannot be cleared (400 naming them), and clears those that can', async () => {
    const orderBody = { channel: 'web', type: 'inquiry', category: 'invoice', terminal: 'invoice', customerPhone: '13800138000', description: 'x' };
    const unit = await t.http
      .post('/work-orders')
      .set(auth(agent))
      .send({ ...orderBody, unitCode: null, severity: null })
      .expect(400);
    expect(unit.body.errors.map(byMessage)).toEqual(expect.arrayContaining(['unitCode must be a string', expect.stringMatching(/^severity must be one of/)]));
    const order = await create(agent, { externalOrderNumber: 'JD-1', product: '冰箱' });
    const update = await t.http.patch(`/work-orders/${order.number}`).set(auth(agent)).send({ description: null, category: null, severity: null }).expect(400);
    expect(update.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['description must be a string', expect.stringMatching(/^category must be/), expect.stringMatching(/^severity must be one of/)]),
    );
    const cleared = await t.http.patch(`/work-orders/${order.number}`).set(auth(agent)).send({ externalOrderNumber: null, product: null }).expect(200);
    expect(cleared.body).toMatchObject({ externalOrderNumber: null, product: null, description: order.description });
    const assign = await t.http.post(`/work-orders/${order.number}/assign`).set(auth(supervisor)).send({ unitCode: 'S001', agentJobNumber: null }).expect(400);
    expect(assign.body.message).toContain('agentJobNumber must be a string');
  });

  it('refuses null for customer fields that cannot be cleared, and clears name and member number with null', async () => {
    const created = await t.http
      .post('/customers')
      .set(auth(agent))
      .send({ name: '李女士', phones: ['13300133000'], memberNumber: 'M-1' })
      .expect(201);
    const id = created.body.id;
    const refused = await t.http.patch(`/customers/${id}`).set(auth(agent)).send({ vip: null, addresses: null }).expect(400);
    expect(refused.body.errors.map(byMessage)).toEqual(expect.arrayContaining(['vip must be a boolean value', 'addresses must be an array']));
    const cleared = await t.http.patch(`/customers/${id}`).set(auth(agent)).send({ name: null, memberNumber: null }).expect(200);
    expect(cleared.body).toMatchObject({ id, name: null, memberNumber: null, vip: false, phones: ['+8613300133000'] });
  });

  it('creates one order per Idempotency-Key: a retry gets the first answer, another body 422, concurrent duplicates one order', async () => {
    const body = {
      channel: 'hotline',
      type: 'complaint',
      category: 'late_delivery',
      terminal: 'logistics',
      customerPhone: '13600136000',
      description: '幂等 idempotent retry',
    };
    const post = (token: string, key: string, sent: Record<string, unknown> = body) =>
      t.http.post('/work-orders').set(auth(token)).set('Idempotency-Key', key).send(sent);
    const ordersNamed = async (description: string) =>
      (
        await t.http
          .get(`/work-orders?q=${encodeURIComponent(description)}`)
          .set(auth(supervisor))
          .expect(200)
      ).body.items.length;

    const first = await post(agent, 'retry-1').expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await post(agent, 'retry-1', {
      description: body.description,
      customerPhone: body.customerPhone,
      terminal: 'logistics',
      category: 'late_delivery',
      type: 'complaint',
      channel: 'hotline',
    }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await ordersNamed(body.description)).toBe(1);

    const conflict = await post(agent, 'retry-1', { ...body, description: 'something else' }).expect(422);
    expect(conflict.body.message).toBe(
      `Idempotency-Key retry-1 was already used with a different request body (it created work order ${first.body.number}); send a new key for a new work order`,
    );
    // Keys are each staff member's own.
    const others = await post(otherAgent, 'retry-1').expect(201);
    expect(others.body.number).not.toBe(first.body.number);
    expect((await post(agent, 'has space').expect(400)).body.message).toBe('Idempotency-Key must be 1–255 visible ASCII characters (e.g. a UUID)');
    await post(agent, 'k'.repeat(256)).expect(400);

    // Concurrent duplicates (one group-commit batch, and batches after it): one order, every answer the same.
    const racing = { ...body, description: '幂等 concurrent duplicates' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(supervisor, 'race-1', racing)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.number)).size).toBe(1);
    expect(await ordersNamed(racing.description)).toBe(1);

    // After a day the key is swept and may be used afresh.
    const keys = t.app.get(IdempotencyKeysService);
    expect(await keys.sweep(new Date(Date.now() - HOUR))).toBe(0);
    expect(await keys.sweep(new Date(Date.now() + 25 * HOUR))).toBeGreaterThanOrEqual(3);
    const afresh = await post(agent, 'retry-1').expect(201);
    expect(afresh.body.number).not.toBe(first.body.number);
  });

  it('archives attachments under the next free name: never over a file already there, nor two uploads on one name', async () => {
    const order = await create(agent, { customerPhone: '13500135000' });
    const customerId = order.customer.id;
    // A file the database does not know holds the first name (an archive kept across a restored database).
    mkdirSync(join(attachmentsDir, String(customerId)), { recursive: true });
    writeFileSync(join(attachmentsDir, String(customerId), `${customerId}-${order.number}-1.png`), 'older');
    const upload = (text: string) =>
      t.http
        .post(`/work-orders/${order.number}/attachments`)
        .set(auth(agent))
        .send({ fileName: 'photo.png', contentType: 'image/png', dataBase64: Buffer.from(text).toString('base64') });
    const answers = await Promise.all([upload('first'), upload('second')]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const names = answers.map((a) => a.body.archivedAs).sort();
    expect(names).toEqual([2, 3].map((n) => join(String(customerId), `${customerId}-${order.number}-${n}.png`)));
    expect(readFileSync(join(attachmentsDir, String(customerId), `${customerId}-${order.number}-1.png`), 'utf8')).toBe('older');
    const listed = await t.http.get(`/work-orders/${order.number}/attachments`).set(auth(agent)).expect(200);
    expect(listed.body).toHaveLength(2);
  });

  it('numbers orders sequentially per day with no duplicates under concurrent creation', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => create(i % 2 ? agent : supervisor, { customerPhone: `1390000${String(i).padStart(4, '0')}` })),
    );
    const numbers = created.map((o) => o.number).sort();
    expect(new Set(numbers).size).toBe(12);
    const sequences = numbers.map((n) => Number(n.slice(-6)));
    for (let i = 1; i < sequences.length; i++) expect(sequences[i]).toBe(sequences[i - 1] + 1);
  });

  it('pages with a cursor, filters and searches by number, phone and description', async () => {
    const phone = '13700137000';
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await create(agent, { customerPhone: phone, description: `第${i}单 空调漏水 leak-${i}`, category: 'installation', terminal: 'after_sales' }));
    const page1 = (await t.http.get(`/work-orders?phone=${phone}&limit=2`).set(auth(agent)).expect(200)).body;
    expect(page1.items.map((o: { number: string }) => o.number)).toEqual([made[4].number, made[3].number]);
    const page2 = (await t.http.get(`/work-orders?phone=${phone}&limit=2&cursor=${page1.nextCursor}`).set(auth(agent)).expect(200)).body;
    const page3 = (await t.http.get(`/work-orders?phone=${phone}&limit=2&cursor=${page2.nextCursor}`).set(auth(agent)).expect(200)).body;
    expect([...page2.items, ...page3.items].map((o: { number: string }) => o.number)).toEqual([made[2].number, made[1].number, made[0].number]);
    expect(page3.nextCursor).toBeNull();
    expect((await t.http.get('/work-orders?cursor=garbage').set(auth(agent)).expect(400)).body.errors.map(byMessage)).toEqual([
      'cursor is not a cursor this API gave out',
    ]);

    const byText = (
      await t.http
        .get(`/work-orders?q=${encodeURIComponent('leak-3')}`)
        .set(auth(agent))
        .expect(200)
    ).body.items;
    expect(byText.map((o: { number: string }) => o.number)).toEqual([made[3].number]);
    const byNumber = (await t.http.get(`/work-orders?q=${made[2].number}`).set(auth(agent)).expect(200)).body.items;
    expect(byNumber.map((o: { number: string }) => o.number)).toEqual([made[2].number]);
    const byPhone = (
      await t.http
        .get(`/work-orders?q=${encodeURIComponent('+86 137 0013 7000')}`)
        .set(auth(agent))
        .expect(200)
    ).body.items;
    expect(byPhone).toHaveLength(5);
    const filtered = (await t.http.get('/work-orders?status=new&terminal=after_sales&category=installation&agent=1001').set(auth(supervisor)).expect(200)).body
      .items;
    expect(filtered.length).toBeGreaterThanOrEqual(5);
    const future = new Date(Date.now() + HOUR).toISOString();
    expect((await t.http.get(`/work-orders?createdFrom=${future}`).set(auth(supervisor)).expect(200)).body.items).toEqual([]);
    expect((await t.http.get('/work-orders?overdue=true').set(auth(supervisor)).expect(200)).body.items).toEqual([]);
  });

  it('escalates an overdue order exactly once with two server processes scanning the same database', async () => {
    const second: INestApplication = await createApp(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_PASSWORD, SEED_DEMO: 'true', SLA_SCAN_INTERVAL_SECONDS: '0', ...t.db.env }),
    );
    await second.init();
    try {
      const orders = [await create(agent), await create(agent), await create(agent)];
      await t.http.post(`/work-orders/${orders[2].number}/solution`).set(auth(agent)).send({ solution: '当场解决' }).expect(200);
      await t.http.post(`/work-orders/${orders[2].number}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'in_person' }).expect(200);
      await t.http.post(`/work-orders/${orders[2].number}/close`).set(auth(agent)).send({}).expect(200);
      const events: WorkOrderEvent[] = [];
      const subs = [t.app, second].map((app) => app.get(WorkOrderEvents).events$.subscribe((e) => e.type !== 'changed' && events.push(e)));

      const notYet = new Date(new Date(orders[1].dueAt).getTime() - 60_000);
      expect((await t.app.get(SlaEscalationService).scan(notYet)).escalated).not.toContain(orders[1].number);

      const later = new Date(new Date(orders[1].dueAt).getTime() + 1000);
      const [a, b] = await Promise.all([t.app.get(SlaEscalationService).scan(later), second.get(SlaEscalationService).scan(later)]);
      const mine = (r: { escalated: string[] }) => r.escalated.filter((n) => orders.some((o) => o.number === n));
      expect([...mine(a), ...mine(b)].sort()).toEqual([orders[0].number, orders[1].number].sort());
      // Scanning again, from either process, escalates nothing more.
      expect(mine(await second.get(SlaEscalationService).scan(new Date(later.getTime() + HOUR)))).toEqual([]);
      subs.forEach((s) => s.unsubscribe());

      for (const o of orders.slice(0, 2)) {
        expect(events.filter((e) => e.workOrderNumber === o.number)).toHaveLength(1);
        const view = (await t.http.get(`/work-orders/${o.number}`).set(auth(supervisor)).expect(200)).body;
        expect(view).toMatchObject({ status: 'escalated', escalationReason: 'overdue' });
        const trail = (await t.http.get(`/work-orders/${o.number}/audit`).set(auth(supervisor)).expect(200)).body;
        expect(trail.filter((e: { action: string }) => e.action === 'escalate')).toEqual([expect.objectContaining({ by: 'system' })]);
      }
      const source = t.app.get(DataSource);
      const rows: { c: number | string }[] = await source.query(
        `SELECT COUNT(*) AS c FROM work_order_notification WHERE reason = 'overdue' AND workOrderNumber IN ('${orders[0].number}', '${orders[1].number}', '${orders[2].number}')`,
      );
      expect(Number(rows[0].c)).toBe(2);
      const overdue = (await t.http.get('/work-orders?overdue=true').set(auth(supervisor)).expect(200)).body.items.map((o: { number: string }) => o.number);
      expect(overdue).toEqual([]); // by the real clock nothing is overdue yet; the scan ran at a later instant
    } finally {
      await second.close();
    }
  });
});
