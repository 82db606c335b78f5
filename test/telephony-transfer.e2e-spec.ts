import { TelephonyHarness, AgentPhone } from './support/telephony-harness';
import { callAs, startAllDayHarness, HOTLINE } from './support/telephony-calls';
import { byMessage } from './support/error-body';

/** Transfer (转接) of a connected call to a named agent, end to end through the Twilio sandbox. */
describe('telephony: transfer to a named agent (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  beforeEach(async () => ({ h, supervisor } = await startAllDayHarness()));
  afterEach(() => h.close());

  const call = (callSid: string) => callAs(h, supervisor, callSid);
  const agentState = async (jobNumber: string) =>
    (await h.http.get(`/agents/${jobNumber}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body.state;
  const setState = (phone: AgentPhone, state: string, reason?: string) =>
    h.http
      .put(`/agents/${phone.jobNumber}/state`)
      .set('Authorization', `Bearer ${phone.token}`)
      .send(reason ? { state, reason } : { state })
      .expect(200);
  /** The caller whose agent leg is ringing this phone right now (the sandbox rings a child leg per offer). */
  const ringingFor = (phone: AgentPhone): string | undefined => {
    const leg = phone.ringing && h.sandbox.getCall(phone.ringing.callSid);
    return leg && leg.status === 'ringing' ? (leg.parentCallSid ?? undefined) : undefined;
  };
  const transfer = (token: string, callSid: string, body: unknown) =>
    h.http
      .post(`/calls/${callSid}/transfer`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  /** 1003 answers a caller in the entry queue (orders); returns the phone and the CallSid. */
  async function connectedTo1003(from: string) {
    const first = await h.agent('1003');
    const callSid = h.sandbox.placeCall({ from, to: HOTLINE });
    await h.advance(1);
    expect(ringingFor(first)).toBe(callSid);
    first.accept();
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1003', queue: 'orders' });
    return { first, callSid };
  }

  it('1003 transfers to a ready 1010: 1003 wraps up, only 1010 is rung and answers, the record shows 1010', async () => {
    const { first, callSid } = await connectedTo1003('+8613900000101');
    // 1004 serves orders too and has been ready longer than 1010: a queue transfer would ring 1004.
    const bystander = await h.agent('1004');
    await h.advance(1);
    const target = await h.agent('1010');
    const done = await transfer(first.token, callSid, { agent: '1010' }).expect(201);
    expect(done.body).toEqual({ callSid, queue: 'orders', agent: '1010', agentState: 'ready', transferredBy: '1003' });
    expect(await agentState('1003')).toBe('wrap-up');
    // The caller hears the transfer prompt, then 1010's phone rings.
    await h.advanceUntil(() => ringingFor(target) !== undefined, 10);
    expect(ringingFor(target)).toBe(callSid);
    expect(ringingFor(bystander)).toBeUndefined();
    expect(await agentState('1004')).toBe('ready');
    target.accept();
    await h.advance(1);
    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'connected', agentJobNumber: '1010', queue: 'orders' });
    expect(record.offers.map((o: { agentJobNumber: string; result: string }) => [o.agentJobNumber, o.result])).toEqual([
      ['1003', 'answered'],
      ['1010', 'answered'],
    ]);
    expect(await agentState('1010')).toBe('on-call');
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1010' });
    expect(await agentState('1010')).toBe('wrap-up');
  });

  it('to a not-ready agent: the caller waits, nobody else is offered the call, and it rings them when they go ready', async () => {
    const { first, callSid } = await connectedTo1003('+8613900000102');
    const target = await h.agent('1010', { ready: false });
    await setState(target, 'not-ready', 'meeting');
    const bystander = await h.agent('1004');
    const done = await transfer(first.token, callSid, { agent: '1010' }).expect(201);
    expect(done.body).toMatchObject({ agent: '1010', agentState: 'not-ready' });
    await h.advance(2);
    expect(await agentState('1003')).toBe('wrap-up');
    await setState(first, 'ready'); // 1003 done with wrap-up: back in orders, still not offered the call
    await h.advance(40);
    expect(await call(callSid)).toMatchObject({ status: 'queued', queue: 'orders' });
    // The wallboard counts the caller waiting for 1010 among the queue's waiting callers.
    const live = (await h.http.get('/queues/orders').set('Authorization', `Bearer ${supervisor}`).expect(200)).body.live;
    expect(live).toMatchObject({ waiting: 1, longestWaitSeconds: expect.any(Number) });
    expect(live.longestWaitSeconds).toBeGreaterThanOrEqual(40);
    expect(ringingFor(bystander)).toBeUndefined();
    expect(ringingFor(first)).toBeUndefined();
    expect(await agentState('1004')).toBe('ready');
    expect(await agentState('1003')).toBe('ready');
    // The caller hears the transfer prompt and waits with the hold announcements.
    expect(h.sandbox.getCall(callSid)!.events.some((e) => e.type === 'enqueue')).toBe(true);
    // Another caller meanwhile goes to the ready agents as usual.
    const other = h.sandbox.placeCall({ from: '+8613900000103', to: HOTLINE });
    await h.advance(1);
    expect([ringingFor(bystander), ringingFor(first)]).toContain(other);

    await setState(target, 'ready');
    await h.advanceUntil(() => ringingFor(target) !== undefined, 5);
    expect(ringingFor(target)).toBe(callSid);
    target.accept();
    await h.advance(1);
    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'connected', agentJobNumber: '1010' });
    expect(record.offers.map((o: { agentJobNumber: string }) => o.agentJobNumber)).toEqual(['1003', '1010']);
  });

  it('a target who lets it ring out: the call falls back to the queue for anyone, and the miss counts', async () => {
    const { first, callSid } = await connectedTo1003('+8613900000104');
    const target = await h.agent('1010');
    await transfer(first.token, callSid, { agent: '1010' }).expect(201);
    await h.advanceUntil(() => ringingFor(target) !== undefined, 10);
    expect(ringingFor(target)).toBe(callSid);
    const bystander = await h.agent('1004', { ready: false });
    await setState(bystander, 'ready'); // ready while 1010 rings: not offered the targeted call
    expect(ringingFor(bystander)).toBeUndefined();
    // Nobody answers 1010's phone: after three rings (the Dial's 9 s timeout, which Twilio stretches
    // by 5 s) it is a miss; the caller hears "connecting you to the next agent" and 1004 is rung.
    const waited = await h.advanceUntil(() => ringingFor(bystander) !== undefined, 30);
    expect(waited).toBeGreaterThanOrEqual(14);
    expect(waited).toBeLessThanOrEqual(20);
    expect(ringingFor(bystander)).toBe(callSid);
    expect(await agentState('1010')).toBe('not-ready');
    bystander.accept();
    await h.advance(1);
    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'connected', agentJobNumber: '1004' });
    expect(record.offers.map((o: { agentJobNumber: string; result: string }) => [o.agentJobNumber, o.result])).toEqual([
      ['1003', 'answered'],
      ['1010', 'missed'],
      ['1004', 'answered'],
    ]);
  });

  it('refuses up front: 409 for an offline agent or oneself, 404 for an unknown job number, 400 for bad bodies; the call stays with 1003', async () => {
    const { first, callSid } = await connectedTo1003('+8613900000105');
    const offline = await transfer(first.token, callSid, { agent: '1010' }).expect(409);
    expect(offline.body.message).toMatch(/1010 is offline/);
    expect((await transfer(first.token, callSid, { agent: '1003' }).expect(409)).body.message).toMatch(/1003 is already on call/);
    expect((await transfer(first.token, callSid, { agent: '1999' }).expect(404)).body.message).toBe('No agent with job number 1999');
    expect((await transfer(first.token, callSid, { agent: '2001' }).expect(404)).body.message).toBe('No agent with job number 2001'); // a supervisor
    const exactlyOne = 'give exactly one of queue (a queue code) or agent (a job number, 工号)';
    expect((await transfer(first.token, callSid, {}).expect(400)).body.errors.map(byMessage)).toEqual([exactlyOne]);
    expect((await transfer(first.token, callSid, { queue: 'complaints', agent: '1010' }).expect(400)).body.errors.map(byMessage)).toEqual([exactlyOne]);
    expect((await transfer(first.token, callSid, { agent: 'wang' }).expect(400)).body.errors.map(byMessage)).toEqual([
      'agent must be a job number of 3 to 16 digits',
    ]);
    expect((await transfer(first.token, callSid, { agent: 1010 }).expect(400)).body.errors.map(byMessage)).toEqual([
      'agent must be a job number of 3 to 16 digits',
    ]);
    expect((await transfer(first.token, callSid, { queue: 7 }).expect(400)).body.errors.map(byMessage)).toEqual([
      expect.stringMatching(/^queue must be a queue code/),
    ]);
    await h.advance(2);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1003' });
    expect(await agentState('1003')).toBe('on-call');
  });

  it('agents see their colleagues on GET /agents, ready first, without their calls or figures', async () => {
    const first = await h.agent('1003');
    const other = await h.agent('1010', { ready: false });
    await setState(other, 'not-ready', 'break');
    const list = (await h.http.get('/agents').set('Authorization', `Bearer ${first.token}`).expect(200)).body as {
      jobNumber: string;
      name: string;
      state: string;
    }[];
    expect(list[0]).toEqual({ jobNumber: '1003', name: expect.any(String), state: 'ready' });
    expect(list.find((a) => a.jobNumber === '1010')).toEqual({ jobNumber: '1010', name: expect.any(String), state: 'not-ready' });
    const rank = (s: string) => (s === 'ready' ? 0 : s === 'offline' ? 2 : 1);
    for (let i = 1; i < list.length; i++) expect(rank(list[i - 1].state)).toBeLessThanOrEqual(rank(list[i].state));
    expect(list.filter((a) => a.state === 'offline').length).toBe(list.length - 2);
  });
});
