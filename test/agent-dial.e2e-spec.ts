import { SANDBOX_DEFAULT_BYOC_TRUNK_SID } from '@hotline/twilio-sandbox';
import { io } from 'socket.io-client';
import { TelephonyHarness } from './support/telephony-harness';
import { callAs, startAllDayHarness } from './support/telephony-calls';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** An agent's own call out (外呼, click-to-call) through the one outbound path (e2e through the Twilio sandbox). */
describe('agent dial: POST /calls/outbound and the softphone `dial` command', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  beforeEach(async () => ({ h, supervisor } = await startAllDayHarness()));
  afterEach(() => h.close());

  const call = (callSid: string) => callAs(h, supervisor, callSid);

  it('calls the number from the hotline through the BYOC trunk and rings the agent when the customer answers; no offer is counted', async () => {
    const ready = await h.agent('1003');
    const refused = await h.http.post('/calls/outbound').set(auth(ready.token)).send({ to: '13800138000' }).expect(409);
    expect(refused.body.message).toBe('Agent 1003 is ready; go not ready (or finish the call) before placing a call');
    ready.close();

    const phone = await h.agent('1005', { ready: false });
    const placed = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '138 0013 8000' }).expect(201)).body;
    expect(placed).toMatchObject({ callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/), to: '138 0013 8000', workOrderNumber: null });
    expect(h.sandbox.callRecord(placed.callSid)).toMatchObject({ to: '+8613800138000', direction: 'outbound-api', trunkSid: SANDBOX_DEFAULT_BYOC_TRUNK_SID });
    expect(await h.advanceUntil(() => phone.ringing !== undefined, 15)).toBeLessThanOrEqual(10);
    phone.accept();
    await h.advance(20);
    const live = await call(placed.callSid);
    expect(live).toMatchObject({ direction: 'outbound-agent', agentJobNumber: '1005', to: '+8613800138000', offers: [] }); // the record keeps E.164
    expect(live.connectedAt).not.toBeNull();
    h.sandbox.hangup(placed.callSid);
    await h.advance(1);
    expect(await call(placed.callSid)).toMatchObject({ status: 'ended', outcome: 'answered' });
    // The agent's own call history: their calls only, today's by the date filter.
    const history = (await h.http.get('/calls?from=2026-11-23T00:00:00%2B08:00').set(auth(phone.token)).expect(200)).body;
    expect(history.items.map((c: { callSid: string; agentJobNumber: string }) => `${c.callSid}:${c.agentJobNumber}`)).toEqual([`${placed.callSid}:1005`]);
    expect((await h.http.get('/calls?agent=1003').set(auth(phone.token)).expect(403)).body.message).toBe('Agents list their own calls only');

    for (const [body, message] of [
      [{}, 'give exactly one of to (a phone number), workOrderNumber (a work order whose customer is called) or unitCode'],
      [{ to: '13800138000', workOrderNumber: 'WO20261123-000001' }, 'give exactly one of to (a phone number), workOrderNumber'],
      [{ to: '13800138000', unitCode: 'S001' }, 'give exactly one of to (a phone number), workOrderNumber'],
      [{ to: 'call me' }, 'to must be a phone number (3–32 digits, spaces, dashes, brackets or a leading +)'],
    ] as const) {
      expect((await h.http.post('/calls/outbound').set(auth(phone.token)).send(body).expect(400)).body.message).toContain(message);
    }
    await h.http.post('/calls/outbound').set(auth(supervisor)).send({ to: '13800138000' }).expect(403);
  });

  it('click-to-call from a work order over the softphone socket: its customer is called and the call linked to the order', async () => {
    const phone = await h.agent('1003', { ready: false });
    const order = (
      await h.http
        .post('/work-orders')
        .set(auth(phone.token))
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: '13900000031',
          description: '空调未安装 not installed',
        })
        .expect(201)
    ).body;
    const socket = io(`${h.baseUrl}/softphone`, { auth: { token: phone.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const ack = await socket.timeout(5000).emitWithAck('dial', { workOrderNumber: order.number });
      expect(ack).toMatchObject({ ok: true, to: '+8613900000031', workOrderNumber: order.number, callSid: expect.stringMatching(/^CA/) });
      const bad = await socket.timeout(5000).emitWithAck('dial', { workOrderNumber: 'WO20991231-999999' });
      expect(bad).toMatchObject({ ok: false, error: { command: 'dial', code: 'not-found' } });
      const linked = (await h.http.get(`/work-orders/${order.number}`).set(auth(phone.token)).expect(200)).body;
      expect(linked.calls.map((c: { callSid: string }) => c.callSid)).toEqual([ack.callSid]);
      expect(h.sandbox.callRecord(ack.callSid)).toMatchObject({ to: '+8613900000031' });
    } finally {
      socket.close();
    }
  });

  it('click-to-call a directory entry: the number the directory holds now is called, kept current by a supervisor', async () => {
    const phone = await h.agent('1003', { ready: false });
    // The supervisor changes the store's number; the next call goes to the new one (the page never copies it).
    await h.http.patch('/units/S002').set(auth(supervisor)).send({ phone: '010-6255 2099' }).expect(200);
    const placed = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ unitCode: 'S002' }).expect(201)).body;
    expect(placed).toMatchObject({ to: '010-6255 2099', workOrderNumber: null });
    expect(h.sandbox.callRecord(placed.callSid)).toMatchObject({ to: '+861062552099', direction: 'outbound-api' });
    h.sandbox.hangup(placed.callSid);
    await h.advance(1);

    await h.http.post('/units').set(auth(supervisor)).send({ code: 'M009', name: '无号码厂家', terminal: 'manufacturer' }).expect(201);
    const noNumber = await h.http.post('/calls/outbound').set(auth(phone.token)).send({ unitCode: 'M009' }).expect(422);
    expect(noNumber.body.message).toBe('Unit M009 has no phone number in the directory');
    expect((await h.http.post('/calls/outbound').set(auth(phone.token)).send({ unitCode: 'X404' }).expect(404)).body.message).toBe(
      'No unit X404 in the directory',
    );
    phone.close();
  });
});
