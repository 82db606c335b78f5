import twilio from 'twilio';
import { createSandboxTwilioClient } from './client';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_ACCOUNT_SID as SID, SANDBOX_DEFAULT_AUTH_TOKEN as TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';

const SERVICE = 'MG' + '0'.repeat(31) + '1';
const MOBILE = '+8613800138000';

describe('Programmable Messaging through the real twilio client', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;
  let client: twilio.Twilio;
  let sandboxUrl: string;

  beforeEach(async () => {
    app = new FakeApp(TOKEN);
    const base = await app.start();
    clock = new VirtualClock();
    sb = new TwilioSandbox({
      clock,
      phoneNumbers: [],
      messaging: {
        permittedCountries: ['CN', 'US'],
        senders: [
          { sender: SERVICE, smsUrl: `${base}/twilio/sms/incoming` },
          { sender: '+12015550100', smsUrl: `${base}/twilio/sms/incoming` },
        ],
      },
    });
    sandboxUrl = (await sb.listen(0)).url;
    client = createSandboxTwilioClient(sandboxUrl, SID, TOKEN);
    app.route('/twilio/sms/status', () => ({ status: 204 }));
    app.route('/twilio/sms/incoming', () => ({ status: 204 }));
  });

  afterEach(async () => {
    await sb.close();
    await app.stop();
  });

  const send = (body = '【家电热线】您的工单 WO20261206-000001 已受理', to = MOBILE) =>
    client.messages.create({ to, messagingServiceSid: SERVICE, body, statusCallback: `${app.baseUrl}/twilio/sms/status` });

  it('queues a message, then calls back sending, sent and delivered, signed as Twilio signs', async () => {
    const created = await send();
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    expect(created.numSegments).toBe('1');
    await clock.runUntilIdle();
    const callbacks = app.requestsTo('/twilio/sms/status');
    expect(callbacks.map((r) => r.params.MessageStatus)).toEqual(['sending', 'sent', 'delivered']);
    expect(callbacks.every((r) => r.signatureValid && r.params.MessageSid === created.sid && r.params.MessagingServiceSid === SERVICE)).toBe(true);
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
    expect((await client.messages.list({ to: MOBILE })).map((m) => m.sid)).toEqual([created.sid]);
  });

  it('fails the next message as scripted: undelivered with the carrier error code, then delivers the one after', async () => {
    sb.messaging.failNext({ outcome: 'undelivered', errorCode: 30003 });
    const first = await send();
    const second = await send();
    await clock.runUntilIdle();
    const byMessage = (sid: string) => app.requestsTo('/twilio/sms/status').filter((r) => r.params.MessageSid === sid);
    expect(byMessage(first.sid).map((r) => [r.params.MessageStatus, r.params.ErrorCode])).toEqual([
      ['sending', undefined],
      ['sent', undefined],
      ['undelivered', '30003'],
    ]);
    expect(byMessage(second.sid).at(-1)!.params.MessageStatus).toBe('delivered');
    expect(sb.messaging.get(first.sid)).toMatchObject({ status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' });
  });

  it("refuses what Twilio refuses, with Twilio's codes", async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    expect(await code(send('hi', '13800138000'))).toBe(21211);
    expect(await code(send('hi', '+442071838750'))).toBe(21408); // GB not permitted
    expect(await code(send('hi', '+861012345678'))).toBe(21614); // a Beijing landline
    expect(await code(send(''))).toBe(21602);
    expect(await code(client.messages.create({ to: MOBILE, body: 'x' }))).toBe(21603);
    sb.messaging.failNext({ outcome: 'rejected', errorCode: 21610 });
    expect(await code(send())).toBe(21610);
    expect(sb.messaging.messages).toHaveLength(0);
  });

  it("passes a reply to the sender's incoming-message webhook; STOP from a US number is Twilio's, TD from China is the app's", async () => {
    await fetch(`${sandboxUrl}/sandbox/messages/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: MOBILE, to: SERVICE, body: 'TD' }),
    });
    const [reply] = app.requestsTo('/twilio/sms/incoming');
    expect(reply.signatureValid).toBe(true);
    expect(reply.params).toMatchObject({ From: MOBILE, To: SERVICE, Body: 'TD', SmsStatus: 'received', MessagingServiceSid: SERVICE, NumMedia: '0' });
    expect((await send()).status).toBe('queued'); // Twilio itself does nothing with TD

    const us = '+12015550123';
    await sb.messaging.receive(us, '+12015550100', 'stop');
    await expect(client.messages.create({ to: us, from: '+12015550100', body: 'hello' })).rejects.toMatchObject({ code: 21610 });
    await sb.messaging.receive(us, '+12015550100', 'START');
    expect((await client.messages.create({ to: us, from: '+12015550100', body: 'hello' })).status).toBe('queued');
  });

  it('lets a test script failures and read the log over the control API', async () => {
    const script = await fetch(`${sandboxUrl}/sandbox/messages/fail-next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'failed', errorCode: 30008 }),
    });
    expect(script.status).toBe(200);
    const m = await send();
    await clock.runUntilIdle();
    const log = (await (await fetch(`${sandboxUrl}/sandbox/messages?to=${encodeURIComponent(MOBILE)}`)).json()) as {
      messages: { sid: string; status: string; history: { status: string }[] }[];
    };
    expect(log.messages).toEqual([expect.objectContaining({ sid: m.sid, status: 'failed' })]);
    expect(log.messages[0].history.map((h) => h.status)).toEqual(['queued', 'sending', 'failed']);
    const bad = await fetch(`${sandboxUrl}/sandbox/messages/fail-next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"outcome":"failed","errorCode":1}',
    });
    expect(bad.status).toBe(400);
  });
});
