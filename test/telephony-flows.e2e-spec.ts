import { computeTwilioSignature, formEncode, SANDBOX_DEFAULT_BYOC_TRUNK_SID } from '@hotline/twilio-sandbox';
import { DataSource, In } from 'typeorm';
import { CallRecord } from '../src/telephony/call-record.entity';
import { MONDAY_10AM_CHINA, startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';
const said = (h: TelephonyHarness, callSid: string) =>
  h.sandbox
    .getCall(callSid)!
    .events.filter((e) => e.type === 'say')
    .map((e) => (e as unknown as { text: string }).text);

describe('telephony: callbacks, abandonment, transfer, after-hours (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  const call = async (callSid: string) => (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body;
  const agentState = async (jobNumber: string) => (await h.http.get(`/agents/${jobNumber}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body;

  describe('in business hours', () => {
    beforeEach(async () => {
      h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
      supervisor = await h.tokenFor('2001');
    });
    afterEach(() => h.close());

    it('keeps a waiting caller’s place when they ask for a callback, then calls them back first', async () => {
      const first = h.sandbox.placeCall({ from: '+8613900000001', to: HOTLINE, digits: '1' });
      await h.advance(2);
      const second = h.sandbox.placeCall({ from: '+8613900000002', to: HOTLINE, digits: '1' });
      await h.advance(20);
      expect((await call(first)).status).toBe('queued');
      h.sandbox.pressDigits(first, '1');
      await h.advance(15);
      expect(said(h, first).some((t) => t.includes('已为您登记回电'))).toBe(true);
      expect(h.sandbox.getCall(first)!.status).toBe('completed');
      expect(await call(first)).toMatchObject({ status: 'ended', outcome: 'callback' });

      const phone = await h.agent('1003');
      const outbound = () => h.sandbox.listCalls().find((c) => c.direction === 'outbound-api');
      await h.advanceUntil(() => outbound() !== undefined, 5); // the callback is placed
      const callback = outbound();
      expect(callback!.to).toBe('+8613900000001');
      expect(callback!.trunkSid).toBe(SANDBOX_DEFAULT_BYOC_TRUNK_SID); // +86: through the carrier's BYOC trunk
      // The customer's phone answers, hears "this is the hotline calling you back…", then the agent's phone rings.
      expect(await h.advanceUntil(() => phone.ringing !== undefined, 15)).toBeLessThanOrEqual(12);
      phone.accept();
      await h.advance(1);
      expect((await agentState('1003')).state).toBe('on-call');
      expect((await call(second)).status).toBe('queued'); // the second caller still waits behind the callback
      h.sandbox.hangup(callback!.sid);
      await h.advance(1);
      expect((await agentState('1003')).state).toBe('wrap-up');
      expect(await call(callback!.sid)).toMatchObject({ direction: 'outbound-callback', originCallSid: first, agentJobNumber: '1003' });
    });

    it('records an abandoned call with how long the caller waited', async () => {
      const callSid = h.sandbox.placeCall({ from: '+8613900000003', to: HOTLINE, digits: '3' });
      await h.advance(40);
      h.sandbox.hangup(callSid);
      await h.advance(1);
      const record = await call(callSid);
      expect(record).toMatchObject({ status: 'ended', outcome: 'abandoned', queue: 'invoices', answeredBy: 'ivr' });
      expect(record.waitSeconds).toBeGreaterThanOrEqual(39);
      expect(record.waitSeconds).toBeLessThanOrEqual(42);
      const queue = (await h.http.get('/queues/invoices').set('Authorization', `Bearer ${supervisor}`).expect(200)).body.live;
      expect(queue).toMatchObject({ waiting: 0, today: expect.objectContaining({ abandoned: 1, answered: 0 }) });
    });

    it('transfers a connected call to another queue; the first agent wraps up and the new queue’s agent is rung', async () => {
      const orders = await h.agent('1003');
      const callSid = h.sandbox.placeCall({ from: '+8613900000004', to: HOTLINE });
      await h.advance(1);
      orders.accept();
      await h.advance(1);
      expect((await call(callSid)).status).toBe('connected');
      const complaints = await h.agent('1001');
      const transfer = await h.http.post(`/calls/${callSid}/transfer`).set('Authorization', `Bearer ${orders.token}`).send({ queue: 'complaints' }).expect(201);
      expect(transfer.body).toEqual({ callSid, queue: 'complaints', transferredBy: '1003' });
      await h.advance(6);
      expect((await agentState('1003')).state).toBe('wrap-up');
      expect(complaints.ringing).toBeDefined();
      complaints.accept();
      await h.advance(1);
      expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1001', queue: 'complaints' });
      // Only the agent on the call (or a supervisor) may transfer it: 1003 no longer is.
      expect(
        (await h.http.post(`/calls/${callSid}/transfer`).set('Authorization', `Bearer ${orders.token}`).send({ queue: 'invoices' }).expect(403)).body.message,
      ).toBe('Only the agent on the call (or a supervisor) may do this');
      await h.http.post(`/calls/${callSid}/transfer`).set('Authorization', `Bearer ${complaints.token}`).send({ queue: 'nowhere' }).expect(404);
      await h.http.post(`/calls/${callSid}/transfer`).set('Authorization', `Bearer ${complaints.token}`).send({}).expect(400);
    });

    it('a callback Twilio refuses to place (no BYOC trunk for +86) ends the task: the agent wraps up instead of staying on a call that does not exist', async () => {
      const first = h.sandbox.placeCall({ from: '+8613900000003', to: HOTLINE, digits: '1' });
      await h.advance(20);
      h.sandbox.pressDigits(first, '1');
      await h.advance(15);
      expect(await call(first)).toMatchObject({ status: 'ended', outcome: 'callback' });
      h.sandbox.byocTrunks[0].sid = 'BY' + '0'.repeat(32); // not the app's trunk: the sandbox refuses byoc=BY… (20404)
      await h.agent('1003');
      for (let i = 0; i < 10 && (await agentState('1003')).state === 'ready'; i++) await h.advance(1);
      expect(h.sandbox.listCalls().filter((c) => c.direction === 'outbound-api')).toHaveLength(0);
      expect((await agentState('1003')).state).toBe('wrap-up');
    });

    it('holds and resumes a call, and records conversations in queues that ask for it', async () => {
      const admin = await h.tokenFor('9001');
      await h.http.patch('/queues/orders').set('Authorization', `Bearer ${admin}`).send({ recordCalls: true }).expect(200);
      const phone = await h.agent('1003');
      const callSid = h.sandbox.placeCall({ from: '+8613900000009', to: HOTLINE });
      await h.advance(1);
      phone.accept();
      await h.advance(5);
      const other = await h.tokenFor('1004');
      await h.http.post(`/calls/${callSid}/hold`).set('Authorization', `Bearer ${other}`).expect(403);
      expect((await h.http.post(`/calls/${callSid}/hold`).set('Authorization', `Bearer ${phone.token}`).expect(201)).body).toMatchObject({ status: 'held' });
      await h.advance(3);
      // Participant hold in the call's conference: the caller hears the hold music (HoldUrl).
      const events = h.sandbox.getCall(callSid)!.events;
      expect(events.some((e) => e.type === 'play' && (e as unknown as { url: string }).url === `${h.baseUrl}/twilio/voice/hold-music`)).toBe(true);
      expect(h.sandbox.conferences.live(`call-${callSid}`)!.find('customer')!.hold).toBe(true);
      expect((await agentState('1003')).state).toBe('on-call'); // still on the call while the caller holds
      expect((await h.http.post(`/calls/${callSid}/hold`).set('Authorization', `Bearer ${phone.token}`).expect(409)).body.message).toBe(
        `Call ${callSid} is held; this needs it connected`,
      );
      const ringsBefore = phone.incoming.length;
      await h.http.post(`/calls/${callSid}/resume`).set('Authorization', `Bearer ${phone.token}`).expect(201);
      await h.advance(1);
      expect(phone.incoming.length).toBe(ringsBefore); // resume rings nobody: the agent never left the room
      const leg = phone.incoming[0].callSid;
      await h.advance(20);
      phone.hangUp(leg); // the agent ends the call: their leg left the room, which ends it for the caller
      await h.advance(10);
      const record = await call(callSid);
      expect(record).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1003' });
      expect(record.recordingUrl).toMatch(/^http/);
      expect((await agentState('1003')).state).toBe('wrap-up');
    });

    it('refuses a forged or missing signature with 403', async () => {
      const params = { CallSid: 'CA' + 'a'.repeat(32), From: '+8613900000005', To: HOTLINE, CallStatus: 'ringing' };
      await h.http.post('/twilio/voice/incoming').type('form').send(formEncode(params)).expect(403);
      const forged = computeTwilioSignature('not-the-auth-token-xxxxxxxxxx', `${h.baseUrl}/twilio/voice/incoming`, params);
      const response = await h.http.post('/twilio/voice/incoming').type('form').set('X-Twilio-Signature', forged).send(formEncode(params)).expect(403);
      expect(response.body.message).toBe('X-Twilio-Signature does not verify');
      // Signed for another URL (a replay against a different endpoint) fails too.
      const elsewhere = computeTwilioSignature(h.sandbox['options']?.authToken ?? '', `${h.baseUrl}/twilio/voice/menu`, params);
      await h.http.post('/twilio/voice/incoming').type('form').set('X-Twilio-Signature', elsewhere).send(formEncode(params)).expect(403);
      expect(await h.app.get(DataSource).getRepository(CallRecord).count()).toBe(0);
    });

    it('answers malformed Twilio parameters with 400 and TwiML that ends the call politely', async () => {
      const token = h.sandbox['options']?.authToken as string;
      const params = { CallSid: 'not-a-sid', From: '+8613900000006', To: HOTLINE, Digits: '12abc' };
      const signature = computeTwilioSignature(token, `${h.baseUrl}/twilio/voice/incoming`, params);
      const response = await h.http.post('/twilio/voice/incoming').type('form').set('X-Twilio-Signature', signature).send(formEncode(params)).expect(400);
      expect(response.headers['content-type']).toMatch(/text\/xml/);
      expect(response.text).toMatch(/<Say[^>]*>[^<]+<\/Say><Hangup\/><\/Response>$/);
      expect(decodeURIComponent(response.headers['x-problems'])).toBe('CallSid must be CA followed by 32 hex digits; Digits must be keypad characters');
    });

    it('handles a replayed webhook once and keeps a correct record when status callbacks arrive out of order', async () => {
      h.sandbox.setStatusCallbackMode('hold');
      const phone = await h.agent('1003');
      const callSid = h.sandbox.placeCall({ from: '+8613900000007', to: HOTLINE });
      await h.advance(1);
      phone.accept();
      await h.advance(8); // a short call; its status callbacks are all still held
      h.sandbox.hangup(callSid);
      await h.advance(1);
      // Twilio retries the Voice URL: the same answer comes back and nothing is created twice.
      const incoming = h.sandbox.webhookDeliveries(callSid).find((d) => d.kind === 'voice')!;
      const replay = await h.sandbox.replayWebhook(incoming.id);
      expect(replay.ok).toBe(true);
      expect(replay.ok && replay.body).toContain('<Client');
      expect(await h.app.get(DataSource).getRepository(CallRecord).countBy({ callSid })).toBe(1);
      // Status callbacks delivered in reverse order still leave one correct record.
      expect(h.sandbox.heldStatusCallbacks().length).toBeGreaterThan(1);
      await h.sandbox.deliverHeldStatusCallbacks();
      await h.advance(1);
      for (const delivery of h.sandbox.webhookDeliveries(callSid)) await h.sandbox.replayWebhook(delivery.id);
      await h.advance(1);
      const record = await call(callSid);
      expect(record).toMatchObject({ status: 'ended', outcome: 'answered', answeredBy: 'agent', agentJobNumber: '1003' });
      expect(record.offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'answered' })]);
      expect((await agentState('1003')).state).toBe('wrap-up');
      const queue = (await h.http.get('/queues/orders').set('Authorization', `Bearer ${supervisor}`).expect(200)).body.live;
      expect(queue.today).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
    });

    it('answers deliveries of one IVR-answered call, at the same moment and later, with the first answer and one record', async () => {
      // No agent is ready: the IVR answers at once, and the receipt and the record are written together.
      const token = h.sandbox['options']?.authToken as string;
      const callSid = 'CA' + 'b'.repeat(32);
      const params = { CallSid: callSid, From: '+8613900000008', To: HOTLINE, CallStatus: 'ringing', Direction: 'inbound' };
      const deliver = () =>
        h.http
          .post('/twilio/voice/incoming')
          .type('form')
          .set('X-Twilio-Signature', computeTwilioSignature(token, `${h.baseUrl}/twilio/voice/incoming`, params))
          .send(formEncode(params))
          .expect(200);
      const together = await Promise.all([deliver(), deliver(), deliver()]);
      const later = await deliver();
      const answers = [...together, later].map((r) => r.text);
      expect(answers[0]).toContain('<Gather');
      expect(new Set(answers).size).toBe(1);
      const db = h.app.get(DataSource);
      expect(await db.getRepository(CallRecord).findBy({ callSid })).toEqual([expect.objectContaining({ answeredBy: 'ivr', status: 'ivr' })]);
      expect(Number((await db.query('SELECT COUNT(*) AS n FROM twilio_webhook_receipt WHERE callSid = ?', [callSid]))[0].n)).toBe(1);
    });

    it('writes a burst of IVR-answered calls together, each with its record and receipt, a repeat among them included', async () => {
      const token = h.sandbox['options']?.authToken as string;
      const calls = Array.from({ length: 24 }, (_, i) => ({
        CallSid: 'CA' + (0xc0de00 + i).toString(16).padStart(32, '0'),
        From: `+86139000001${String(i).padStart(2, '0')}`,
        To: HOTLINE,
        CallStatus: 'ringing',
      }));
      const deliver = (params: Record<string, string>) =>
        h.http
          .post('/twilio/voice/incoming')
          .type('form')
          .set('X-Twilio-Signature', computeTwilioSignature(token, `${h.baseUrl}/twilio/voice/incoming`, params))
          .send(formEncode(params));
      // All at once — the third call is delivered twice — so they share transactions.
      const answers = await Promise.all([...calls, calls[2]].map(deliver));
      expect(answers.map((r) => r.status)).toEqual(Array(25).fill(200));
      expect(new Set(answers.map((r) => r.text)).size).toBe(1);
      expect(answers[0].text).toContain('<Gather');
      const db = h.app.get(DataSource);
      const sids = calls.map((c) => c.CallSid);
      const records = await db.getRepository(CallRecord).findBy({ callSid: In(sids) });
      expect(records.map((r) => r.callSid).sort()).toEqual([...sids].sort());
      for (const [i, record] of records.sort((a, b) => a.callSid.localeCompare(b.callSid)).entries()) {
        expect(record).toMatchObject({ fromNumber: calls[i].From, answeredBy: 'ivr', status: 'ivr', outcome: null });
      }
      const receipts = await db.query(
        `SELECT callSid, COUNT(*) AS n FROM twilio_webhook_receipt WHERE callSid IN (${sids.map(() => '?').join(', ')}) GROUP BY callSid`,
        sids,
      );
      expect(receipts.map((r: { n: number | string }) => Number(r.n))).toEqual(Array(24).fill(1));
    });
  });

  describe('after hours', () => {
    beforeEach(async () => {
      h = await startTelephonyHarness({ BUSINESS_HOURS: '08:00-22:00' }, MONDAY_10AM_CHINA + 13 * 3600_000); // 23:00 in China
      supervisor = await h.tokenFor('2001');
    });
    afterEach(() => h.close());

    it('answers at once with the after-hours message and takes a voicemail', async () => {
      await h.agent('1003'); // even a ready agent is not rung after hours
      const callSid = h.sandbox.placeCall({ from: '+8613900000008', to: HOTLINE, digits: '2' });
      await h.advance(60);
      expect(said(h, callSid)[0]).toContain('非工作时间');
      const record = await call(callSid);
      expect(record).toMatchObject({ answeredBy: 'ivr', ringSeconds: 0, outcome: 'after-hours', status: 'ended' });
      expect(record.recordingUrl).toMatch(/^http/);
      expect(h.sandbox.getCall(callSid)!.events.some((e) => e.type === 'record')).toBe(true);
    });
  });
});
