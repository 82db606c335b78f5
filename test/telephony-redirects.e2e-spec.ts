import { computeTwilioSignature, formEncode } from '@hotline/twilio-sandbox';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { AgentPhone, TelephonyHarness } from './support/telephony-harness';
import { answeredCall, callAs, startAllDayHarness, HOTLINE } from './support/telephony-calls';

/**
 * Twilio's redirect of a call inside <Dial> (a transfer, an offer withdrawn while ringing): it
 * first requests the interrupted Dial's action — DialCallStatus `completed` — then the new URL.
 * The sandbox does the same; the app must not take that dial result for the end of the call.
 */
describe('telephony: REST redirects of a call inside <Dial> (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  beforeEach(async () => ({ h, supervisor } = await startAllDayHarness()));
  afterEach(() => h.close());

  const call = (callSid: string) => callAs(h, supervisor, callSid);
  const agentState = async (jobNumber: string) =>
    (await h.http.get(`/agents/${jobNumber}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body.state;
  const invariants = () => h.app.get(RoutingEngineService).invariantViolations();
  /** The webhook paths the call's TwiML requested, in order, with the dial results' status. */
  const requested = (callSid: string) =>
    h.sandbox
      .webhookDeliveries(callSid)
      .filter((d) => d.kind !== 'status-callback')
      .map((d) => {
        const path = new URL(d.url).pathname.replace('/twilio/voice/', '');
        return path === 'dial-result' ? `dial-result:${String(d.params.DialCallStatus)}:${String(d.params.DialBridged)}` : path;
      });

  /** `first` then `then`, next to each other, among the requests. */
  const inOrder = (requests: string[], first: string, then: string) => requests.some((r, i) => r === first && requests[i + 1] === then);

  const connected = (phone: AgentPhone) => answeredCall(h, supervisor, phone, '+8613900000007');

  it('answer: the agent leg leaves the bridge for the call’s conference and the Dial reports completed, which puts the caller in the same room; hold and resume redirect nobody', async () => {
    const phone = await h.agent('1003');
    const callSid = await connected(phone);
    expect(requested(callSid)).toEqual(['incoming', 'dial-result:completed:true']);
    const room = h.sandbox.conferences.live(`call-${callSid}`)!;
    expect(room.find('customer')!.callSid).toBe(callSid);
    expect(room.find('agent')!.callSid).toBe(phone.incoming[0].callSid);
    expect(await agentState('1003')).toBe('on-call');

    await h.http.post(`/calls/${callSid}/hold`).set('Authorization', `Bearer ${phone.token}`).expect(201);
    await h.advance(2);
    expect(await agentState('1003')).toBe('on-call');
    expect(await call(callSid)).toMatchObject({ status: 'held', endedAt: null });
    await h.http.post(`/calls/${callSid}/resume`).set('Authorization', `Bearer ${phone.token}`).expect(201);
    await h.advance(2);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1003' });
    expect(requested(callSid)).toEqual(['incoming', 'dial-result:completed:true']); // no redirect, no new Dial
    expect(phone.incoming).toHaveLength(1);
    expect(invariants()).toEqual([]);
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered' });
    expect(await agentState('1003')).toBe('wrap-up');
    expect(room.status).toBe('completed');
    expect(invariants()).toEqual([]);
  });

  it("transfer: the old leg's dial result does not end the transferred leg; the caller is offered and connected", async () => {
    const first = await h.agent('1003');
    const callSid = await connected(first);
    const second = await h.agent('1010');
    await h.http.post(`/calls/${callSid}/transfer`).set('Authorization', `Bearer ${first.token}`).send({ agent: '1010' }).expect(201);
    await h.advance(1);
    // The caller's redirect takes them out of the call's room (its Dial action, whose TwiML Twilio ignores), then to the new URL.
    expect(inOrder(requested(callSid), 'conference-exit', 'transferred')).toBe(true);
    expect(await agentState('1003')).toBe('wrap-up');
    expect(await agentState('1010')).toBe('reserved'); // the transferred leg rings 1010
    expect(invariants()).toEqual([]);
    await h.advanceUntil(() => !!second.ringing, 10);
    second.accept();
    await h.advance(2);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1010' });
    expect(await agentState('1010')).toBe('on-call');
    expect(invariants()).toEqual([]);

    // The first leg's dial result arriving late (as when sent by hand): it belongs to segment 0 and
    // must not end the transferred leg's engine call.
    const url = `${h.baseUrl}/twilio/voice/dial-result?agents=1003&segment=0`;
    const params = {
      CallSid: callSid,
      From: '+8613900000007',
      To: HOTLINE,
      CallStatus: 'in-progress',
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallDuration: '3',
    };
    await h.http
      .post(url.slice(h.baseUrl.length))
      .type('form')
      .set('X-Twilio-Signature', computeTwilioSignature(h.sandbox.authToken, url, params))
      .send(formEncode(params))
      .expect(200);
    expect(await agentState('1010')).toBe('on-call');
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1010', endedAt: null });
    expect(invariants()).toEqual([]);
  });

  it('an offer withdrawn while ringing: the unbridged dial result neither connects nor ends the call; the caller is offered again', async () => {
    const first = await h.agent('1003');
    const callSid = h.sandbox.placeCall({ from: '+8613900000008', to: HOTLINE });
    await h.advance(1);
    expect(first.ringing).toBeDefined();
    const second = await h.agent('1004');
    await h.http.put('/agents/1003/state').set('Authorization', `Bearer ${supervisor}`).send({ state: 'not-ready', reason: 'meeting' }).expect(200);
    await h.advance(1);
    expect(requested(callSid)).toContain('dial-result:completed:false');
    const record = await call(callSid);
    expect(record).toMatchObject({ connectedAt: null, endedAt: null, outcome: null }); // not taken for an answer, nor an abandonment
    expect(record.answeredBy).not.toBe('agent');
    expect(record.offers.find((o: { agentJobNumber: string }) => o.agentJobNumber === '1003').result).not.toBe('answered');
    expect(await agentState('1003')).toBe('not-ready');
    expect(invariants()).toEqual([]);
    await h.advanceUntil(() => !!second.ringing, 20);
    second.accept();
    await h.advance(2);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1004' });
    expect(invariants()).toEqual([]);
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1004' });
  });
});
