/** The failures users of other queue engines report most — one test each. */
import { ofType, offers, setup } from './test-helpers';

describe('reported failures of other queue engines', () => {
  it('agent is not left reserved when the caller hangs up during the offer', () => {
    const { engine, advance, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    expect(engine.getAgent('a1')!.state).toBe('reserved');
    const cmds = engine.callerHungUp('c1');
    expect(ofType(cmds, 'cancel-offer')).toEqual([{ type: 'cancel-offer', callId: 'c1', agentId: 'a1', reason: 'caller-hung-up' }]);
    expect(engine.getAgent('a1')).toMatchObject({ state: 'ready', offerCallId: undefined });
    // the ring deadline passing later must not count a miss or touch the agent
    advance(30);
    expect(engine.getAgent('a1')!.state).toBe('ready');
    expect(engine.agentStats('a1')).toMatchObject({ offered: 1, missed: 0 });
    // a late answer from the softphone is refused, the agent stays free for the next call
    expect(ofType(engine.offerAnswered('c1', 'a1'), 'cancel-offer')[0].reason).toBe('not-offered');
    expect(offers(engine.callArrived({ callId: 'c2', queueId: 'q' }))[0].agentId).toBe('a1');
    expect(engine.queueStats('q')).toMatchObject({ offered: 2, abandoned: 1, answered: 0 });
    ok();
  });

  it('ring-all: two agents answering — exactly one wins, the other is released', () => {
    const { engine, ok } = setup([{ id: 'q', strategy: 'ring-all' }]);
    for (const id of ['a1', 'a2', 'a3']) engine.agentLogin(id, { skills: { q: 1 }, ready: true });
    const ring = ofType(engine.callArrived({ callId: 'c1', queueId: 'q' }), 'ring-all')[0];
    expect(ring.agentIds.sort()).toEqual(['a1', 'a2', 'a3']);
    const first = engine.offerAnswered('c1', 'a2');
    expect(
      ofType(first, 'cancel-offer')
        .map((c) => [c.agentId, c.reason])
        .sort(),
    ).toEqual([
      ['a1', 'answered-elsewhere'],
      ['a3', 'answered-elsewhere'],
    ]);
    const second = engine.offerAnswered('c1', 'a1');
    expect(second).toEqual([{ type: 'cancel-offer', callId: 'c1', agentId: 'a1', reason: 'not-offered' }]);
    expect(engine.getCall('c1')).toMatchObject({ status: 'connected', agentId: 'a2' });
    expect(engine.getAgent('a1')!.state).toBe('ready');
    expect(engine.getAgent('a2')!.state).toBe('on-call');
    expect(engine.getAgent('a3')!.state).toBe('ready');
    expect(engine.queueStats('q')).toMatchObject({ offered: 1, answered: 1 });
    expect(engine.agentStats('a1')).toMatchObject({ offered: 1, answered: 0 });
    expect(engine.agentStats('a2')).toMatchObject({ offered: 1, answered: 1 });
    ok();
  });

  it('ring-all: when nobody answers, the call rings the whole group again (no miss counted)', () => {
    const { engine, advance, ok } = setup([{ id: 'q', strategy: 'ring-all', ringSeconds: 10 }]);
    for (const id of ['a1', 'a2', 'a3']) engine.agentLogin(id, { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    const again = ofType(advance(10), 'ring-all');
    expect(again).toHaveLength(1);
    expect(again[0].agentIds.sort()).toEqual(['a1', 'a2', 'a3']);
    expect(engine.agentStats('a1')).toMatchObject({ offered: 2, missed: 0 });
    ok();
  });

  it('the same answer heard twice changes nothing: the agent is not told their call was withdrawn', () => {
    const { engine, advance, ok } = setup([{ id: 'q', wrapUpSeconds: 5 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    expect(ofType(engine.offerAnswered('c1', 'a1'), 'call-outcome')).toEqual([expect.objectContaining({ outcome: 'answered' })]);
    expect(engine.offerAnswered('c1', 'a1')).toEqual([]); // the agent leg's callback and the caller's <Dial> action both report it
    advance(10);
    engine.callEnded('c1');
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    expect(engine.queueStats('q')).toMatchObject({ answered: 1, abandoned: 0 });
    ok();
  });

  it('a call is never counted twice in agent or queue figures (duplicate and late events)', () => {
    const { engine, advance, ok } = setup([{ id: 'q', wrapUpSeconds: 5 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.offerAnswered('c1', 'a1');
    engine.offerAnswered('c1', 'a1'); // duplicate webhook
    advance(60);
    engine.callEnded('c1');
    engine.callEnded('c1'); // duplicate status callback
    engine.callerHungUp('c1');
    engine.offerTimedOut('c1');
    advance(5);
    expect(engine.callArrived({ callId: 'c1', queueId: 'q' })).toEqual([]); // replayed webhook
    expect(engine.agentStats('a1')).toMatchObject({ offered: 1, answered: 1, talkMs: 60_000 });
    expect(engine.queueStats('q')).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
    expect(engine.stats.outcomes.answered).toBe(1);
    ok();
  });

  it('wrap-up neither ends early nor never (timer, stale timer, ready, login churn)', () => {
    const { engine, advance, clock, ok } = setup([{ id: 'q', wrapUpSeconds: 20 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.offerAnswered('c1', 'a1');
    engine.callEnded('c1');
    const end = clock.t + 20_000;
    expect(engine.nextDeadline()).toBe(end);
    advance(19.999);
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    // an unrelated event arriving late still runs the timer at its own time
    clock.t = end + 5000;
    engine.callArrived({ callId: 'c2', queueId: 'q' });
    expect(engine.getAgent('a1')!.state).toBe('reserved');
    expect(engine.agentStats('a1')!.stateMs['wrap-up']).toBe(20_000);
    // wrap-up cut short by not-ready, then ready: the old timer must not fire into a new wrap-up
    engine.offerAnswered('c2', 'a1');
    engine.callEnded('c2');
    advance(1);
    engine.agentSetState('a1', { state: 'not-ready', reason: 'break' });
    engine.agentSetState('a1', { state: 'ready' });
    engine.callArrived({ callId: 'c3', queueId: 'q' });
    engine.offerAnswered('c3', 'a1');
    engine.callEnded('c3');
    advance(19); // c2's wrap-up deadline passes in here
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    advance(1);
    expect(engine.getAgent('a1')!.state).toBe('ready');
    expect(engine.nextDeadline()).toBeUndefined();
    ok();
  });

  it('agent changing state while being offered: offer withdrawn, call re-offered, no miss', () => {
    const { engine, advance, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    const cmds = engine.agentSetState('a1', { state: 'not-ready', reason: 'break' });
    expect(ofType(cmds, 'cancel-offer')).toEqual([{ type: 'cancel-offer', callId: 'c1', agentId: 'a1', reason: 'agent-state' }]);
    expect(engine.getAgent('a1')).toMatchObject({ state: 'not-ready', reason: 'break', offerCallId: undefined });
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['c1']);
    advance(20); // old ring deadline: nothing happens
    expect(engine.agentStats('a1')).toMatchObject({ missed: 0 });
    // an answer from a1 now is refused
    expect(ofType(engine.offerAnswered('c1', 'a1'), 'cancel-offer')).toHaveLength(1);
    expect(engine.getAgent('a1')!.state).toBe('not-ready');
    expect(offers(engine.agentSetState('a2', { state: 'ready' }))[0]).toMatchObject({ callId: 'c1', agentId: 'a2' });
    // logout while rung, same story
    const out = engine.agentLogout('a2');
    expect(ofType(out, 'cancel-offer')[0].reason).toBe('agent-state');
    expect(engine.getAgent('a2')!.state).toBe('offline');
    expect(ofType(out, 'agent-state')).toEqual([expect.objectContaining({ agentId: 'a2', state: 'offline' })]);
    expect(ofType(out, 'agent-state')[0]).not.toHaveProperty('reason');
    // and "ready" while rung changes nothing
    engine.agentSetState('a1', { state: 'ready' });
    expect(engine.getAgent('a1')!.state).toBe('reserved');
    engine.agentSetState('a1', { state: 'ready' });
    expect(engine.getAgent('a1')!.state).toBe('reserved');
    ok();
  });

  it('a sign-out says why: the reason is on the offline change, at once or after the call (logout, disconnect)', () => {
    const { engine, ok } = setup([{ id: 'q', wrapUpSeconds: 0 }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 }, ready: true });
    expect(ofType(engine.agentLogout('a1', 'logout'), 'agent-state')).toEqual([expect.objectContaining({ agentId: 'a1', state: 'offline', reason: 'logout' })]);
    expect(engine.getAgent('a1')).toMatchObject({ state: 'offline', reason: 'logout' });
    // On a call the sign-out waits for the call's end; the reason goes with it.
    engine.callArrived({ callId: 'c1', queueId: 'q' });
    engine.offerAnswered('c1', 'a2');
    expect(engine.agentSetState('a2', { state: 'offline', reason: 'disconnect' })).toEqual([]);
    expect(ofType(engine.callEnded('c1'), 'agent-state').at(-1)).toMatchObject({ agentId: 'a2', state: 'offline', reason: 'disconnect' });
    ok();
  });
});
