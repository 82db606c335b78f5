import { TelephonyHarness } from './support/telephony-harness';
import { callAs, startAllDayHarness, HOTLINE } from './support/telephony-calls';
import { byMessage } from './support/error-body';

const CALLER = '+8613800138000';

describe('telephony: three rings, IVR, queues (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  beforeEach(async () => ({ h, supervisor } = await startAllDayHarness()));
  afterEach(() => h.close());

  const call = (callSid: string) => callAs(h, supervisor, callSid);
  const agentState = async (jobNumber: string) => (await h.http.get(`/agents/${jobNumber}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body;

  it('rings a ready agent first; the agent answers on the second ring', async () => {
    const phone = await h.agent('1003'); // orders, the entry queue
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    expect(phone.ringing).toBeDefined();
    await h.advance(5); // the second ring starts at 5 s
    phone.accept();
    await h.advance(1);
    const record = await call(callSid);
    expect(record).toMatchObject({ answeredBy: 'agent', agentJobNumber: '1003', status: 'connected', queue: 'orders' });
    expect(record.ringSeconds).toBeGreaterThanOrEqual(5);
    expect(record.ringSeconds).toBeLessThan(10);
    expect(record.offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'answered' })]);
    expect((await agentState('1003')).state).toBe('on-call');
    // The caller heard no IVR: nothing was said before the agent picked up.
    expect(h.sandbox.getCall(callSid)!.events.filter((e) => e.type === 'say')).toEqual([]);

    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered' });
    expect((await agentState('1003')).state).toBe('wrap-up');
  });

  it('lets the IVR speak within three rings when the agent never answers, sets them not-ready and rings the next agent', async () => {
    const first = await h.agent('1003');
    await h.advance(1);
    const second = await h.agent('1010'); // orders level 1 too; idle for less time
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    expect(first.ringing).toBeDefined();
    expect(second.ringing).toBeUndefined();
    await h.advance(15);
    const events = h.sandbox.getCall(callSid)!.events;
    const arrived = events[0].at;
    const firstSay = events.find((e) => e.type === 'say')!;
    expect(firstSay.at - arrived).toBeLessThanOrEqual(15_000);
    // Mandarin in a Mandarin voice (the default voice speaks no Chinese: the sandbox would fail the
    // <Say> with 13511), and the caller hears China's ringback while agents are rung.
    expect(firstSay).toMatchObject({ voice: 'Polly.Zhiyu', language: 'cmn-CN' });
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(events.find((e) => e.type === 'dial')).toMatchObject({ ringTone: 'cn' });
    const record = await call(callSid);
    expect(record.answeredBy).toBe('ivr');
    expect(record.ringSeconds).toBeLessThanOrEqual(15);
    expect(await agentState('1003')).toMatchObject({ state: 'not-ready', reason: 'missed-call' });
    await h.advance(15); // the greeting and "connecting you to the next agent" are spoken first
    expect(second.ringing).toBeDefined();
    second.accept();
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1010' });
    expect((await call(callSid)).offers.map((o: { agentJobNumber: string; result: string }) => `${o.agentJobNumber}:${o.result}`)).toEqual([
      '1003:missed',
      '1010:answered',
    ]);
  });

  it('rings the next agent, with the IVR answering in time, when a supervisor takes the rung agent off the phones', async () => {
    await h.agent('1003');
    await h.advance(1);
    const next = await h.agent('1010');
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(3);
    await h.http.put('/agents/1003/state').set('Authorization', `Bearer ${supervisor}`).send({ state: 'not-ready', reason: 'meeting' }).expect(200);
    await h.advanceUntil(() => next.ringing !== undefined, 15);
    const events = h.sandbox.getCall(callSid)!.events;
    expect(events.find((e) => e.type === 'say')!.at - events[0].at).toBeLessThanOrEqual(15_000);
    expect(events.some((e) => e.type === 'enqueue')).toBe(false);
    next.accept();
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1010', answeredBy: 'ivr' });
    expect((await call(callSid)).offers.map((o: { agentJobNumber: string; result: string }) => `${o.agentJobNumber}:${o.result}`)).toEqual([
      '1003:cancelled',
      '1010:answered',
    ]);
  });

  it('lists calls newest first by cursor, calls arriving in the same instant included, and masks callers for quality monitors', async () => {
    const first = h.sandbox.placeCall({ from: '+8613700000001', to: HOTLINE });
    const second = h.sandbox.placeCall({ from: '+8613700000002', to: HOTLINE }); // the same virtual instant as the first
    await h.advance(2);
    const third = h.sandbox.placeCall({ from: '+8613700000003', to: HOTLINE });
    await h.advance(2);
    const page = async (token: string, query: string) => (await h.http.get(`/calls?${query}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
    const one = await page(supervisor, 'limit=2');
    expect(one.items[0]).toMatchObject({ callSid: third, from: '+8613700000003' });
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await page(supervisor, `limit=2&cursor=${one.nextCursor}`);
    expect(two).toEqual({ items: [expect.any(Object)], nextCursor: null });
    // The two of one instant, in either order (the later id first), split over the pages: none lost, none twice.
    expect([one.items[1].callSid, two.items[0].callSid].sort()).toEqual([first, second].sort());

    const quality = await h.tokenFor('3001');
    const masked = await page(quality, 'limit=5');
    expect(masked.items.map((c: { from: string; to: string }) => `${c.from} ${c.to}`).sort()).toEqual([
      `137****0001 ${HOTLINE}`,
      `137****0002 ${HOTLINE}`,
      `137****0003 ${HOTLINE}`,
    ]);
    const record = (await h.http.get(`/calls/${first}`).set('Authorization', `Bearer ${quality}`).expect(200)).body;
    expect(record.from).toBe('137****0001');
    expect((await call(first)).from).toBe('+8613700000001');

    // Offsets are gone (a huge one was an SQL error, 500); a cursor the API never gave out is named.
    const offset = await h.http.get('/calls?offset=99999999999999999999').set('Authorization', `Bearer ${supervisor}`).expect(400);
    expect(offset.body.errors.map(byMessage)).toEqual(['property offset should not exist']);
    const forged = await h.http.get('/calls?cursor=bm9wZQ').set('Authorization', `Bearer ${supervisor}`).expect(400);
    expect(forged.body.errors.map(byMessage)).toEqual(['cursor is not a cursor this API gave out']);
    await h.http.get('/calls?from=2026-02-30T00:00:00Z').set('Authorization', `Bearer ${supervisor}`).expect(400);
  });

  it('does not count a miss against an agent when the caller hangs up while they are rung', async () => {
    const phone = await h.agent('1003');
    await h.agent('1010');
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(4);
    expect(phone.ringing).toBeDefined();
    h.sandbox.hangup(callSid);
    await h.advance(20);
    expect((await agentState('1003')).state).toBe('ready');
    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'ended', outcome: 'abandoned' });
    expect(record.offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'cancelled' })]);
  });

  it('puts a repeat caller with an open work order ahead of the queue, and shows the order on the call record', async () => {
    const agent = await h.tokenFor('1001');
    const earlier = h.sandbox.placeCall({ from: '+8613700000001', to: HOTLINE, digits: '1' });
    await h.advance(25);
    const order = (
      await h.http
        .post('/work-orders')
        .set('Authorization', `Bearer ${agent}`)
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: CALLER,
          description: '冰箱未按时送达',
          callSid: earlier,
        })
        .expect(201)
    ).body;
    const first = h.sandbox.placeCall({ from: '+8613700000002', to: HOTLINE, digits: '1' });
    await h.advance(2);
    const repeat = h.sandbox.placeCall({ from: CALLER, to: HOTLINE, digits: '1' });
    await h.advance(25);
    expect((await call(repeat)).priority).toBeGreaterThan((await call(first)).priority);
    const phone = await h.agent('1003');
    await h.advance(1);
    expect(phone.ringing!.parameters.From).toBe(CALLER);
    expect((await call(earlier)).workOrders).toEqual([expect.objectContaining({ number: order.number, status: 'new' })]);
  });

  it('answers with the IVR at once when no agent is ready, and queues the caller by menu choice until an agent is free', async () => {
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE, digits: '2' });
    await h.advance(30);
    const record = await call(callSid);
    expect(record).toMatchObject({ answeredBy: 'ivr', ringSeconds: 0, queue: 'installation', status: 'queued' });
    const said = h.sandbox
      .getCall(callSid)!
      .events.filter((e) => e.type === 'say')
      .map((e) => (e as unknown as { text: string }).text);
    expect(said[0]).toContain('欢迎致电');
    expect(said.some((text) => text.includes('安装与售后请按2'))).toBe(true);
    expect(said.some((text) => text.includes('您前面还有0位顾客'))).toBe(true);

    const phone = await h.agent('1005'); // installation level 1
    await h.advance(1);
    expect(phone.ringing).toBeDefined();
    phone.accept();
    await h.advance(1);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1005', answeredBy: 'ivr' });
  });
});
