import { ofType, offers, setup } from './test-helpers';

describe('AcdEngine basics', () => {
  it('offers a call to a ready agent with the skill and a ring deadline', () => {
    const { engine, clock, ok } = setup([{ id: 'complaints', ringSeconds: 15 }]);
    engine.agentLogin('a1', { skills: { complaints: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { invoices: 1 }, ready: true });
    const cmds = engine.callArrived({ callId: 'c1', queueId: 'complaints' });
    expect(offers(cmds)).toEqual([{ type: 'offer', callId: 'c1', agentId: 'a1', queueId: 'complaints', ringDeadline: clock.t + 15_000 }]);
    expect(engine.getAgent('a1')!.state).toBe('reserved');
    expect(engine.nextDeadline()).toBe(clock.t + 15_000);
    ok();
  });

  it('queues a call when no agent is ready and offers it the moment one goes ready', () => {
    const { engine, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    expect(offers(engine.callArrived({ callId: 'c1', queueId: 'q' }))).toEqual([]);
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['c1']);
    const cmds = engine.agentSetState('a1', { state: 'ready' });
    expect(offers(cmds).map((o) => o.callId)).toEqual(['c1']);
    ok();
  });

  it('serves higher priority first and FIFO within a priority', () => {
    const { engine, advance, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    engine.callArrived({ callId: 'n1', queueId: 'q' });
    advance(1);
    engine.callArrived({ callId: 'n2', queueId: 'q' });
    advance(1);
    engine.callArrived({ callId: 'vip', queueId: 'q', priority: 10 });
    engine.callArrived({ callId: 'green', queueId: 'q', priority: 20 });
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['green', 'vip', 'n1', 'n2']);
    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = offers(engine.agentSetState('a1', { state: 'ready' }))[0];
      served.push(o.callId);
      engine.offerAnswered(o.callId, 'a1');
      engine.callEnded(o.callId);
      engine.agentSetState('a1', { state: 'not-ready', reason: 'break' });
      ok();
    }
    expect(served).toEqual(['green', 'vip', 'n1', 'n2']);
  });

  it('answer → talk → wrap-up for wrapUpSeconds → ready, with stats counted once', () => {
    const { engine, advance, ok } = setup([{ id: 'q', wrapUpSeconds: 30 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    advance(3);
    engine.offerAnswered('c1', 'a1');
    expect(engine.getAgent('a1')!.state).toBe('on-call');
    advance(120);
    engine.callEnded('c1');
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    advance(29.999);
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    const cmds = advance(0.001);
    expect(ofType(cmds, 'agent-state')).toEqual([expect.objectContaining({ agentId: 'a1', state: 'ready' })]);
    const s = engine.agentStats('a1')!;
    expect(s).toMatchObject({ offered: 1, answered: 1, missed: 0, talkMs: 120_000 });
    expect(s.stateMs['reserved']).toBe(3000);
    expect(s.stateMs['on-call']).toBe(120_000);
    expect(s.stateMs['wrap-up']).toBe(30_000);
    const q = engine.queueStats('q');
    expect(q).toMatchObject({ offered: 1, answered: 1, answeredWithinServiceLevel: 1, totalWaitMs: 3000 });
    ok();
  });

  it('a call handed over (consult transfer): its agent wraps up, the colleague is on it without an offer and wraps up after it', () => {
    const { engine, advance, ok } = setup([{ id: 'q', wrapUpSeconds: 30 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 }, ready: false, reason: 'consult' });
    engine.agentLogin('a3', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.offerAnswered('c1', 'a1');
    advance(60);
    expect(engine.callHandedOver('c1', 'a3')).toEqual(expect.arrayContaining([expect.objectContaining({ agentId: 'a3', state: 'on-call' })]));
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    engine.callHandedOver('c1', 'a2'); // from a3 to a2 (not ready): a3 wraps up
    expect(engine.getAgent('a3')!.state).toBe('wrap-up');
    expect(engine.getAgent('a2')).toMatchObject({ state: 'on-call', callId: 'c1' });
    ok();
    // Busy with it, the colleague is offered nothing; the call's end is theirs.
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    expect(engine.getCall('c2')!.offeredTo).not.toContain('a2');
    advance(40);
    engine.callEnded('c1');
    expect(engine.getAgent('a2')!.state).toBe('wrap-up');
    expect(engine.agentStats('a1')).toMatchObject({ answered: 1, talkMs: 60_000 }); // ready again after wrap-up, a1 was offered c2 meanwhile
    expect(engine.agentStats('a2')).toMatchObject({ offered: 0, answered: 0, talkMs: 40_000 });
    expect(engine.queueStats('q')).toMatchObject({ answered: 1 });
    // Nothing to hand over: an ended call, or to an agent on another call.
    expect(engine.callHandedOver('c1', 'a3')).toEqual([]);
    ok();
  });

  it('agent says ready during wrap-up: wrap-up ends then, and the old timer does nothing', () => {
    const { engine, advance, ok } = setup([{ id: 'q', wrapUpSeconds: 30 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.offerAnswered('c1', 'a1');
    engine.callEnded('c1');
    advance(10);
    engine.wrapUpDone('a1');
    expect(engine.getAgent('a1')!.state).toBe('ready');
    // second call, second wrap-up starting at t=20: must last its full 30 s
    advance(10);
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    engine.offerAnswered('c2', 'a1');
    engine.callEnded('c2');
    advance(15); // first wrap-up's deadline (t=30) passes here
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    advance(15);
    expect(engine.getAgent('a1')!.state).toBe('ready');
    ok();
  });

  it('ring-no-answer: call back to the head, agent not-ready (missed-call), next agent rung', () => {
    const { engine, advance, ok } = setup([{ id: 'q', ringSeconds: 15 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    const cmds = advance(15);
    expect(ofType(cmds, 'cancel-offer')).toEqual([{ type: 'cancel-offer', callId: 'c1', agentId: 'a1', reason: 'timeout' }]);
    expect(engine.getAgent('a1')).toMatchObject({ state: 'not-ready', reason: 'missed-call' });
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(offers(engine.agentSetState('a2', { state: 'ready' }))[0].callId).toBe('c1');
    expect(engine.agentStats('a1')).toMatchObject({ offered: 1, missed: 1, answered: 0 });
    ok();
  });

  it('maxConsecutiveMisses = 2: the first miss keeps the agent ready (but not for that call)', () => {
    const { engine, advance, ok } = setup([{ id: 'q' }], { maxConsecutiveMisses: 2 });
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    const cmds = advance(15);
    expect(offers(cmds).map((o) => [o.callId, o.agentId])).toEqual([['c2', 'a1']]);
    advance(15);
    expect(engine.getAgent('a1')).toMatchObject({ state: 'not-ready', reason: 'missed-call' });
    ok();
  });

  it('declined offer: call back at the head, agent stays ready and gets the next call', () => {
    const { engine, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    const cmds = engine.offerDeclined('c1', 'a1');
    expect(offers(cmds).map((o) => [o.callId, o.agentId])).toEqual([['c2', 'a1']]);
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['c1']);
    expect(offers(engine.agentSetState('a2', { state: 'ready' }))[0].callId).toBe('c1');
    expect(engine.agentStats('a1')).toMatchObject({ declined: 1, missed: 0 });
    ok();
  });

  it('max wait sends the call to voicemail; overflow moves it to the target queue', () => {
    const { engine, advance, ok } = setup([
      { id: 'a', overflow: { afterSeconds: 30, target: 'b' } },
      { id: 'b', maxWaitSeconds: 60 },
    ]);
    engine.callArrived({ callId: 'c1', queueId: 'a' });
    let cmds = advance(30);
    expect(ofType(cmds, 'overflow')).toEqual([{ type: 'overflow', callId: 'c1', fromQueueId: 'a', target: 'b', internal: true }]);
    expect(engine.waitingCalls('b').map((c) => c.id)).toEqual(['c1']);
    cmds = advance(60);
    expect(ofType(cmds, 'voicemail')).toEqual([{ type: 'voicemail', callId: 'c1', queueId: 'b', reason: 'max-wait' }]);
    expect(ofType(cmds, 'call-outcome')).toEqual([expect.objectContaining({ callId: 'c1', outcome: 'voicemail' })]);
    expect(engine.queueStats('a')).toMatchObject({ offered: 1, overflowed: 1, voicemail: 0 });
    expect(engine.queueStats('b')).toMatchObject({ offered: 1, overflowed: 0, voicemail: 1 });
    expect(engine.stats.outcomes).toEqual({ answered: 0, abandoned: 0, overflowed: 0, callback: 0, voicemail: 1 });
    expect(engine.getCall('c1')).toBeUndefined();
    ok();
  });

  it('an overflow falling due while the call rings happens when the ring fails', () => {
    const { engine, advance, ok } = setup([{ id: 'a', ringSeconds: 15, overflow: { afterSeconds: 10, target: 'b' } }, { id: 'b' }]);
    engine.agentLogin('x', { skills: { a: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'a' });
    expect(engine.nextDeadline()).toBeDefined();
    expect(ofType(advance(12), 'overflow')).toEqual([]); // ringing: stays with x
    const cmds = engine.offerDeclined('c1', 'x');
    expect(ofType(cmds, 'overflow')[0]).toMatchObject({ callId: 'c1', target: 'b', internal: true });
    expect(engine.waitingCalls('b').map((c) => c.id)).toEqual(['c1']);
    ok();
  });

  it('external overflow target ends the call as overflowed', () => {
    const { engine, advance } = setup([{ id: 'a', overflow: { afterSeconds: 10, target: 'sip:backup-site' } }]);
    engine.callArrived({ callId: 'c1', queueId: 'a' });
    const cmds = advance(10);
    expect(ofType(cmds, 'overflow')[0]).toMatchObject({ internal: false, target: 'sip:backup-site' });
    expect(engine.stats.outcomes.overflowed).toBe(1);
  });

  it('joinWhenNoAgents=false: with nobody logged in the caller goes to voicemail at once', () => {
    const { engine } = setup([{ id: 'q', joinWhenNoAgents: false }]);
    expect(ofType(engine.callArrived({ callId: 'c1', queueId: 'q' }), 'voicemail')[0].reason).toBe('no-agents');
    engine.agentLogin('a1', { skills: { q: 1 } }); // logged in but not ready: callers may wait
    expect(ofType(engine.callArrived({ callId: 'c2', queueId: 'q' }), 'voicemail')).toEqual([]);
    expect(engine.waitingCalls('q')).toHaveLength(1);
  });

  it('callback keeps the place and becomes a callback task at the head', () => {
    const { engine, advance, ok } = setup([{ id: 'q', maxWaitSeconds: 60 }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c1', queueId: 'q', data: { from: '+8613800000000' } });
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    engine.requestCallback('c1');
    engine.callerHungUp('c1'); // Twilio reports the leg ended: the place is kept
    advance(120); // max wait does not apply to a callback; c2 goes to voicemail
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['c1']);
    const cmds = engine.agentSetState('a1', { state: 'ready' });
    expect(ofType(cmds, 'callback-task')[0].task).toMatchObject({ callId: 'c1', agentId: 'a1', data: { from: '+8613800000000' } });
    expect(engine.getAgent('a1')!.state).toBe('on-call');
    engine.callEnded('c1');
    expect(engine.getAgent('a1')!.state).toBe('ready');
    expect(engine.stats.outcomes).toMatchObject({ callback: 1, voicemail: 1 });
    ok();
  });

  it('a waiting callback can be cancelled; it then ends once, as abandoned', () => {
    const { engine, ok } = setup([{ id: 'q' }]);
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.requestCallback('c1');
    expect(ofType(engine.cancelCallback('c1'), 'call-outcome')[0].outcome).toBe('abandoned');
    expect(engine.cancelCallback('c1')).toEqual([]);
    expect(engine.waitingCalls('q')).toEqual([]);
    ok();
  });

  it('callback requested while being rung: ringing stops, the task goes to the released agent', () => {
    const { engine, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    const cmds = engine.requestCallback('c1');
    expect(ofType(cmds, 'cancel-offer')[0]).toMatchObject({ agentId: 'a1', reason: 'caller-hung-up' });
    expect(ofType(cmds, 'callback-task')[0].task).toMatchObject({ callId: 'c1', agentId: 'a1' });
    expect(engine.agentStats('a1')).toMatchObject({ offered: 1, missed: 0, callbacks: 1 });
    ok();
  });

  it('changing a queue keeps its waiting calls and applies the new strategy', () => {
    const { engine, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.upsertQueue({ id: 'q', strategy: 'ring-all' });
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['c1']);
    engine.agentLogin('a2', { skills: { q: 1 } });
    engine.agentSetState('a1', { state: 'ready' });
    ok();
    // a new queue picks up agents who already have its skill
    engine.agentLogin('a3', { skills: { q: 1, new: 2 }, ready: true });
    engine.upsertQueue({ id: 'new' });
    expect(engine.readyAgentCount('new')).toBe(1);
    expect(offers(engine.callArrived({ callId: 'c2', queueId: 'new' }))[0].agentId).toBe('a3');
    ok();
  });

  it('unknown agents and queues are programming errors', () => {
    const { engine } = setup([{ id: 'q' }]);
    expect(() => engine.callArrived({ callId: 'c1', queueId: 'nope' })).toThrow(/unknown queue/);
    expect(() => engine.agentSetState('ghost', { state: 'ready' })).toThrow(/unknown agent/);
    expect(() => engine.upsertQueue({ id: 'bad', ringSeconds: 0 })).toThrow(/ringSeconds/);
  });

  it('not-ready requested during a call applies after the call and wrap-up', () => {
    const { engine, advance } = setup([{ id: 'q', wrapUpSeconds: 10 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.offerAnswered('c1', 'a1');
    engine.agentSetState('a1', { state: 'not-ready', reason: 'meal' });
    expect(engine.getAgent('a1')!.state).toBe('on-call');
    engine.callEnded('c1');
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    advance(10);
    expect(engine.getAgent('a1')).toMatchObject({ state: 'not-ready', reason: 'meal' });
  });

  it('time in state is split at midnight (utcOffsetMinutes)', () => {
    const { engine, clock } = setup([{ id: 'q' }], { utcOffsetMinutes: 480 });
    clock.t = Date.UTC(2026, 10, 23, 15, 0, 0); // 23:00 in UTC+8
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    clock.t += 2 * 3600_000; // 01:00 next day
    engine.agentSetState('a1', { state: 'not-ready', reason: 'break' });
    expect(engine.agentStats('a1', '2026-11-23')!.stateMs.ready).toBe(3600_000);
    expect(engine.agentStats('a1', '2026-11-24')!.stateMs.ready).toBe(3600_000);
  });

  it('rebuilds its indexes from the store (fail-over)', () => {
    const { engine, clock } = setup([{ id: 'q', wrapUpSeconds: 5 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.callArrived({ callId: 'c2', queueId: 'q' });

    const store = (engine as any).store;
    const { AcdEngine } = jest.requireActual('./engine');
    const twin = new AcdEngine({ clock, queues: [{ id: 'q', wrapUpSeconds: 5 }], store });
    expect(twin.waitingCalls('q').map((c: { id: string }) => c.id)).toEqual(['c2']);
    expect(twin.nextDeadline()).toBe(clock.t + 15_000);
    expect(offers(twin.agentSetState('a2', { state: 'ready' }))[0].callId).toBe('c2');
  });
});
