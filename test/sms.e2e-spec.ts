import {
  SANDBOX_DEFAULT_AUTH_TOKEN as TOKEN,
  SANDBOX_DEFAULT_MESSAGING_SERVICE_SID as SERVICE,
  computeTwilioSignature,
  formEncode,
} from '@hotline/twilio-sandbox';
import { DataSource } from 'typeorm';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { SmsNotifierService } from '../src/sms/sms-notifier.service';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('SMS to customers through the sandbox (e2e, on the engine under test)', () => {
  let h: TelephonyHarness;
  let agent: string;
  let supervisor: string;
  let quality: string;

  beforeAll(async () => {
    h = await startTelephonyHarness({
      OUTBOX_INTERVAL_SECONDS: '0',
      CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
      SLA_SCAN_INTERVAL_SECONDS: '0',
      // The carrier's throughput bucket counts wall time, which the virtual clock cannot move: this file
      // sends more than SMS_PER_SECOND's default 10 within one real second, and a held message would wait
      // for sandbox time the scenarios never advance. Throughput is not what they are about.
      SMS_PER_SECOND: '1000',
    });
    // Time moves on only once the SMS the app is writing are written, and the outbox has sent what is due.
    h.clock.addIdleHook(async () => {
      await h.app.get(SmsNotifierService).settled();
      await h.app.get(OutboxDispatcher).dispatchDue();
    });
    [agent, supervisor, quality] = await Promise.all(['1001', '2001', '3001'].map((j) => h.tokenFor(j)));
  });
  afterAll(() => h.close());

  const create = async (customerPhone: string) => {
    const res = await h.http
      .post('/work-orders')
      .set(auth(agent))
      .send({ channel: 'hotline', type: 'complaint', category: 'late_delivery', terminal: 'logistics', customerPhone, description: '冰箱三天未送到' });
    expect(res.status).toBe(201);
    await h.advance(0);
    return res.body.number as string;
  };
  const log = (to: string) => h.sandbox.messaging.messages.filter((m) => m.to === to && m.direction === 'outbound-api');
  const smsOf = async (number: string, token = agent) => (await h.http.get(`/work-orders/${number}/sms`).set(auth(token)).expect(200)).body.items;

  it('texts the work-order number on creation; the status callbacks move it to delivered, on both timelines', async () => {
    const number = await create('13800138000');
    const [sent] = log('+8613800138000');
    expect(sent.body).toContain(number);
    expect(sent.body).toMatch(/^【家电热线】.*回复TD退订$/);
    expect(sent.messagingServiceSid).toBe(SERVICE);
    expect((await smsOf(number))[0]).toMatchObject({ kind: 'work_order_created', status: 'queued', attempts: 1, phone: '+8613800138000' });

    await h.advance(5);
    expect(sent.history.map((s) => s.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    expect((await smsOf(number))[0]).toMatchObject({ status: 'delivered', errorCode: null });
    // Every callback was signed, and the app took it.
    const callbacks = h.sandbox.webhookDeliveries(sent.sid);
    expect(callbacks.map((d) => [d.params.MessageStatus, d.attempts[0].status])).toEqual([
      ['sending', 204],
      ['sent', 204],
      ['delivered', 204],
    ]);

    const timeline = (await h.http.get(`/work-orders/${number}/timeline`).set(auth(agent)).expect(200)).body.items;
    expect(timeline).toContainEqual(expect.objectContaining({ kind: 'sms', smsKind: 'work_order_created', status: 'delivered', body: sent.body }));
    const c360 = (await h.http.get('/customer-360?q=13800138000').set(auth(agent)).expect(200)).body.customers[0];
    expect(c360.messages[0]).toMatchObject({ workOrderNumber: number, status: 'delivered' });
    // Quality monitors see the number masked, as everywhere in their lists.
    expect((await smsOf(number, quality))[0].phone).toBe('138****8000');
  });

  it('sends a message the carrier could not deliver (30003) again after the backoff, and then it is delivered', async () => {
    h.sandbox.messaging.failNext({ outcome: 'undelivered', errorCode: 30003 });
    const number = await create('13900139000');
    await h.advance(5);
    expect((await smsOf(number))[0]).toMatchObject({ status: 'pending', errorCode: 30003, attempts: 1 });
    expect(log('+8613900139000').map((m) => m.status)).toEqual(['undelivered']);

    await h.advance(30); // SMS_RETRY_BASE_SECONDS: the outbox sends it again
    await h.advance(5);
    expect(log('+8613900139000').map((m) => [m.status, m.body.includes(number)])).toEqual([
      ['undelivered', true],
      ['delivered', true],
    ]);
    expect((await smsOf(number))[0]).toMatchObject({ status: 'delivered', errorCode: null, attempts: 2 });
    // Both sends went through the transactional outbox, one entry each.
    const sends = await h.app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .find({ where: { topic: 'sms.send', aggregateKey: '+8613900139000' }, order: { id: 'ASC' } });
    expect(sends.map((m) => m.status)).toEqual(['delivered', 'delivered']);
  });

  it('fails for good what Twilio refuses (21408: no permission for the region), without retrying it', async () => {
    h.sandbox.messaging.failNext({ outcome: 'rejected', errorCode: 21408 });
    const number = await create('13300133000');
    await h.advance(60);
    expect((await smsOf(number))[0]).toMatchObject({ status: 'failed', errorCode: 21408, attempts: 1 });
    expect(log('+8613300133000')).toHaveLength(0);
    const [send] = await h.app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .find({ where: { topic: 'sms.send', aggregateKey: '+8613300133000' } });
    expect(send).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('holds a customer to SMS_PER_NUMBER_PER_HOUR: the sixth message in the hour waits in the outbox until the hour is over', async () => {
    const numbers = [];
    for (let i = 0; i < 6; i++) numbers.push(await create('13500135000'));
    await h.advance(5);
    expect(log('+8613500135000')).toHaveLength(5);
    expect((await smsOf(numbers[5]))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    const [waiting] = await h.app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .find({ where: { topic: 'sms.send', aggregateKey: '+8613500135000', status: 'pending' } });
    // Deferred to when the bucket frees (about an hour on), spending none of its attempts: it is not dead-lettered meanwhile.
    expect(waiting).toMatchObject({ attempts: 0, lastError: expect.stringContaining('held by the rate limit') });
    expect(waiting.nextAttemptAt.getTime() - h.clock.now()).toBeGreaterThan(3500_000);
  });

  it('refuses a status callback not signed by Twilio (403), and one whose parameters are not a message status (400)', async () => {
    const params = { MessageSid: `SM${'0'.repeat(32)}`, MessageStatus: 'delivered' };
    await h.http.post('/twilio/sms/status').type('form').send(formEncode(params)).expect(403);
    await h.http.post('/twilio/sms/status').set('X-Twilio-Signature', 'forged').type('form').send(formEncode(params)).expect(403);
    const bad = { MessageSid: 'SM-nope', MessageStatus: 'delivered' };
    const signature = computeTwilioSignature(TOKEN, `${h.baseUrl}/twilio/sms/status`, bad);
    await h.http.post('/twilio/sms/status').set('X-Twilio-Signature', signature).type('form').send(formEncode(bad)).expect(400);
  });

  it('sends nothing more to a customer who replied TD, until an agent records that they want SMS again', async () => {
    const phone = '+8613700137000';
    await create('13700137000');
    expect(log(phone)).toHaveLength(1);

    // The customer's reply reaches the app through Twilio's incoming-message webhook (signed).
    const reply = await fetch(`${h.baseUrl}/sandbox/messages/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: phone, to: SERVICE, body: 'TD' }),
    });
    expect(reply.status).toBe(201);
    const [incoming] = h.sandbox.webhookDeliveries().filter((d) => d.kind === 'incoming-message');
    expect(incoming.attempts[0].status).toBe(200);
    expect((await h.http.get('/sms/opt-outs/13700137000').set(auth(agent)).expect(200)).body).toMatchObject({ optedOut: true, source: 'sms-reply' });

    const number = await create('13700137000');
    await h.advance(5);
    expect(log(phone)).toHaveLength(1);
    expect((await smsOf(number))[0]).toMatchObject({ status: 'suppressed', attempts: 0 });
    const c360 = (await h.http.get('/customer-360?q=13700137000').set(auth(agent)).expect(200)).body.customers[0];
    expect(c360.smsOptedOut).toEqual([phone]);
    expect(c360.messages.map((m: { kind: string; direction: string }) => `${m.direction}:${m.kind}`)).toEqual([
      'outbound:work_order_created',
      'inbound:reply',
      'outbound:work_order_created',
    ]);

    await h.http.put('/sms/opt-outs/13700137000').set(auth(quality)).send({ optedOut: false }).expect(403);
    await h.http.put('/sms/opt-outs/13700137000').set(auth(agent)).send({ optedOut: 'no' }).expect(400);
    const back = await h.http.put('/sms/opt-outs/13700137000').set(auth(agent)).send({ optedOut: false }).expect(200);
    expect(back.body).toMatchObject({ optedOut: false, source: 'agent', changedByJobNumber: '1001' });
    await create('13700137000');
    expect(log(phone)).toHaveLength(2);
  });

  it('lets supervisors word the messages per language, refusing a variable the message lacks', async () => {
    const list = (await h.http.get('/sms/templates').set(auth(supervisor)).expect(200)).body.items;
    expect(list).toHaveLength(10);
    await h.http.put('/sms/templates/work_order_created/zh-CN').set(auth(agent)).send({ body: 'x' }).expect(403);
    const bad = await h.http.put('/sms/templates/work_order_created/zh-CN').set(auth(supervisor)).send({ body: '工单{workOrderNumber}{solution}' }).expect(400);
    expect(bad.body.message).toContain('{solution}');
    await h.http.put('/sms/templates/nope/zh-CN').set(auth(supervisor)).send({ body: 'x' }).expect(400);
    await h.http
      .put('/sms/templates/work_order_created/zh-CN')
      .set(auth(supervisor))
      .send({ body: '【家电热线】已受理，工单号{workOrderNumber}。回复TD退订' })
      .expect(200);
    const number = await create('13600136000');
    expect(log('+8613600136000')[0].body).toBe(`【家电热线】已受理，工单号${number}。回复TD退订`);
    const reset = await h.http.delete('/sms/templates/work_order_created/zh-CN').set(auth(supervisor)).expect(200);
    expect(reset.body.customised).toBe(false);
  });
});
