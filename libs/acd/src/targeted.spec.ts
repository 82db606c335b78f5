/**
 * Targeted calls (`CallArrival.agentId`, e.g. a transfer to a named agent 转接到指定坐席): offered
 * to that agent only, at once or when they go ready; a miss, a decline or a logout sends the call
 * back to its queue for anyone, at the head of its priority.
 */
import { AcdEngine } from './engine';
import { InMemoryStateStore } from './state-store';
import { FakeClock, ofType, offers, setup } from './test-helpers';
import { AcdError } from './types';

describe('targeted calls (CallArrival.agentId)', () => {
  it('rings the target at once when ready, even before a longer-idle agent and without the queue skill', () => {
    const { engine, advance, clock, ok } = setup([{ id: 'orders', ringSeconds: 15 }]);
    engine.agentLogin('a1', { skills: { orders: 1 }, ready: true });
    advance(5);
    engine.agentLogin('t', { skills: { complaints: 1 }, ready: true });
    const cmds = engine.callArrived({ callId: 'x#1', queueId: 'orders', priority: 10, agentId: 't' });
    expect(offers(cmds)).toEqual([{ type: 'offer', callId: 'x#1', agentId: 't', queueId: 'orders', ringDeadline: clock.t + 15_000 }]);
    expect(engine.getAgent('a1')!.state).toBe('ready');
    ok();
    engine.offerAnswered('x#1', 't');
    expect(engine.getCall('x#1')).toMatchObject({ status: 'connected', agentId: 't' });
    expect(ofType(engine.callEnded('x#1'), 'agent-state')).toEqual([expect.objectContaining({ agentId: 't', state: 'ready' })]);
    expect(engine.queueStats('orders')).toMatchObject({ offered: 1, answered: 1 });
    ok();
  });

  it('waits for a not-ready target, offered to nobody else meanwhile, and rings them when they go ready', () => {
    const { engine, advance, ok } = setup([{ id: 'orders' }]);
    engine.agentLogin('a1', { skills: { orders: 1 }, ready: true });
    engine.agentLogin('t', { skills: { orders: 1 } }); // not-ready (login)
    expect(offers(engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' }))).toEqual([]);
    expect(engine.waitingFor('t').map((c) => c.id)).toEqual(['x#1']);
    expect(engine.waitingCalls('orders')).toEqual([]);
    expect(engine.waitingForAgents('orders').map((c) => c.id)).toEqual(['x#1']); // still waiting in its queue, for the wallboard
    expect(engine.waitingForAgents('complaints')).toEqual([]);
    expect(engine.isEligible('a1', 'x#1')).toBe(false);
    expect(engine.isEligible('t', 'x#1')).toBe(true);
    ok();
    // Other callers still reach a1; a1 coming back ready is not given the targeted call.
    const other = engine.callArrived({ callId: 'y', queueId: 'orders' });
    expect(offers(other).map((o) => o.agentId)).toEqual(['a1']);
    engine.offerAnswered('y', 'a1');
    advance(60);
    expect(offers(engine.callEnded('y'))).toEqual([]);
    expect(engine.getAgent('a1')!.state).toBe('ready');
    ok();
    const cmds = engine.agentSetState('t', { state: 'ready' });
    expect(offers(cmds).map((o) => [o.callId, o.agentId])).toEqual([['x#1', 't']]);
    expect(engine.waitingFor('t')).toEqual([]);
    expect(engine.waitingForAgents('orders')).toEqual([]);
    ok();
  });

  it('a target on a call takes it after wrap-up, in its queue’s order: an older call of the same priority first', () => {
    const { engine, advance, ok } = setup([{ id: 'orders', wrapUpSeconds: 10 }]);
    engine.agentLogin('t', { skills: { orders: 1 }, ready: true });
    engine.callArrived({ callId: 'c0', queueId: 'orders' });
    engine.offerAnswered('c0', 't');
    engine.callArrived({ callId: 'older', queueId: 'orders' });
    advance(1);
    engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    advance(1);
    engine.callArrived({ callId: 'vip#1', queueId: 'orders', priority: 10, agentId: 't' });
    engine.callEnded('c0');
    const served: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = offers(advance(10).concat(engine.wrapUpDone('t')))[0];
      served.push(o.callId);
      engine.offerAnswered(o.callId, 't');
      engine.callEnded(o.callId);
      ok();
    }
    expect(served).toEqual(['vip#1', 'older', 'x#1']);
  });

  it('a missed targeted offer falls back to its queue for anyone, at the head of its priority; the miss counts', () => {
    const { engine, advance, ok } = setup([{ id: 'orders', ringSeconds: 15 }], { maxConsecutiveMisses: 1 });
    engine.agentLogin('t', { skills: { orders: 1 }, ready: true });
    engine.agentLogin('a1', { skills: { orders: 1 } }); // not-ready
    expect(offers(engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' })).map((o) => o.agentId)).toEqual(['t']);
    // While t is rung, others arrive and wait.
    engine.callArrived({ callId: 'w1', queueId: 'orders' });
    engine.callArrived({ callId: 'w2', queueId: 'orders' });
    engine.callArrived({ callId: 'hi', queueId: 'orders', priority: 5 });
    const timeout = advance(15);
    expect(ofType(timeout, 'cancel-offer')).toEqual([{ type: 'cancel-offer', callId: 'x#1', agentId: 't', reason: 'timeout' }]);
    expect(engine.getAgent('t')).toMatchObject({ state: 'not-ready', reason: 'missed-call' });
    expect(engine.agentStats('t')).toMatchObject({ offered: 1, missed: 1 });
    expect(engine.getCall('x#1')!.targetAgentId).toBeUndefined();
    // Back in the open queue: ahead of the calls of its priority, behind the higher priority.
    expect(engine.waitingCalls('orders').map((c) => c.id)).toEqual(['hi', 'x#1', 'w1', 'w2']);
    ok();
    const served: string[] = [];
    for (let i = 0; i < 2; i++) {
      const o = offers(engine.agentSetState('a1', { state: 'ready' }))[0];
      served.push(o.callId);
      engine.offerAnswered(o.callId, 'a1');
      engine.callEnded(o.callId);
      engine.agentSetState('a1', { state: 'not-ready', reason: 'break' });
    }
    expect(served).toEqual(['hi', 'x#1']);
    // t, who missed it, is never offered it again; the others are theirs.
    expect(engine.isEligible('t', 'w1')).toBe(true);
    ok();
  });

  it('a declined targeted offer falls back at once to a ready agent; the target stays ready and is not rung again', () => {
    const { engine, ok } = setup([{ id: 'orders' }]);
    engine.agentLogin('t', { skills: { orders: 1 }, ready: true });
    engine.agentLogin('a1', { skills: { orders: 1 }, ready: true });
    expect(offers(engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' })).map((o) => o.agentId)).toEqual(['t']);
    expect(engine.getAgent('a1')!.state).toBe('ready');
    const cmds = engine.offerDeclined('x#1', 't');
    expect(offers(cmds).map((o) => [o.callId, o.agentId])).toEqual([['x#1', 'a1']]);
    expect(engine.getAgent('t')).toMatchObject({ state: 'ready', consecutiveMisses: 0 });
    expect(engine.agentStats('t')).toMatchObject({ declined: 1, missed: 0 });
    expect(engine.isEligible('t', 'x#1')).toBe(false);
    ok();
    expect(offers(engine.callArrived({ callId: 'y', queueId: 'orders' })).map((o) => o.agentId)).toEqual(['t']);
    ok();
  });

  it('falls back when the target logs out while the call waits, and joins at the head when the target is already offline', () => {
    const { engine, ok } = setup([{ id: 'orders' }]);
    engine.agentLogin('t', { skills: { orders: 1 }, reason: 'break' });
    engine.agentLogin('gone', { skills: { orders: 1 } });
    engine.agentLogout('gone');
    engine.agentLogin('a1', { skills: { orders: 1 } });
    engine.callArrived({ callId: 'w1', queueId: 'orders' });
    engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    engine.callArrived({ callId: 'y#1', queueId: 'orders', agentId: 'gone' });
    expect(engine.getCall('y#1')!.targetAgentId).toBeUndefined();
    expect(engine.waitingCalls('orders').map((c) => c.id)).toEqual(['y#1', 'w1']);
    expect(engine.waitingFor('t').map((c) => c.id)).toEqual(['x#1']);
    ok();
    engine.agentLogout('t');
    expect(engine.waitingFor('t')).toEqual([]);
    expect(engine.waitingCalls('orders').map((c) => c.id)).toEqual(['y#1', 'x#1', 'w1']);
    ok();
    const served: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = offers(engine.agentSetState('a1', { state: 'ready' }))[0];
      served.push(o.callId);
      engine.offerAnswered(o.callId, 'a1');
      engine.callEnded(o.callId);
      engine.agentSetState('a1', { state: 'not-ready', reason: 'break' });
      ok();
    }
    expect(served).toEqual(['y#1', 'x#1', 'w1']);
  });

  it('a caller waiting for the target may hang up (abandoned) or ask for a callback the target places', () => {
    const { engine, ok } = setup([{ id: 'orders' }]);
    engine.agentLogin('t', { skills: { orders: 1 }, reason: 'break' });
    engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    engine.callArrived({ callId: 'x#2', queueId: 'orders', agentId: 't' });
    expect(ofType(engine.callerHungUp('x#1'), 'call-outcome')).toEqual([expect.objectContaining({ callId: 'x#1', outcome: 'abandoned' })]);
    engine.requestCallback('x#2');
    ok();
    const cmds = engine.agentSetState('t', { state: 'ready' });
    expect(ofType(cmds, 'callback-task').map((c) => [c.task.callId, c.task.agentId])).toEqual([['x#2', 't']]);
    expect(engine.getAgent('t')!.state).toBe('on-call');
    engine.callEnded('x#2');
    ok();
    expect(engine.queueStats('orders')).toMatchObject({ offered: 2, abandoned: 1, callbacks: 1 });
  });

  it('keeps the queue’s max wait but not its overflow while waiting for the target', () => {
    const { engine, advance, ok } = setup([{ id: 'orders', maxWaitSeconds: 120, overflow: { afterSeconds: 30, target: 'complaints' } }, { id: 'complaints' }]);
    engine.agentLogin('t', { skills: { orders: 1 }, reason: 'break' });
    engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    expect(ofType(advance(60), 'overflow')).toEqual([]);
    expect(engine.waitingFor('t').map((c) => c.id)).toEqual(['x#1']);
    ok();
    expect(ofType(advance(60), 'voicemail')).toEqual([{ type: 'voicemail', callId: 'x#1', queueId: 'orders', reason: 'max-wait' }]);
    expect(engine.waitingFor('t')).toEqual([]);
    ok();
  });

  it('after its overflow time a fallen-back call overflows at once', () => {
    const { engine, advance, ok } = setup([{ id: 'orders', overflow: { afterSeconds: 30, target: 'complaints' } }, { id: 'complaints' }]);
    engine.agentLogin('t', { skills: { orders: 1 }, reason: 'break' });
    engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    advance(40);
    const cmds = engine.agentLogout('t');
    expect(ofType(cmds, 'overflow')).toEqual([{ type: 'overflow', callId: 'x#1', fromQueueId: 'orders', target: 'complaints', internal: true }]);
    expect(engine.waitingCalls('complaints').map((c) => c.id)).toEqual(['x#1']);
    ok();
  });

  it('in a ring-all queue the target alone is rung, and a miss counts as one', () => {
    const { engine, advance, ok } = setup([{ id: 'orders', strategy: 'ring-all', ringSeconds: 10 }], { maxConsecutiveMisses: 2 });
    engine.agentLogin('a1', { skills: { orders: 1 }, ready: true });
    engine.agentLogin('t', { skills: { orders: 1 }, ready: true });
    const cmds = engine.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    expect(ofType(cmds, 'ring-all')).toEqual([]);
    expect(offers(cmds).map((o) => o.agentId)).toEqual(['t']);
    const after = advance(10);
    expect(engine.agentStats('t')).toMatchObject({ missed: 1 });
    // Fallen back, the call rings the queue's way: everyone ready but t.
    expect(ofType(after, 'ring-all').map((c) => c.agentIds)).toEqual([['a1']]);
    ok();
  });

  it('refuses an unknown agent id like an unknown queue', () => {
    const { engine } = setup([{ id: 'orders' }]);
    expect(() => engine.callArrived({ callId: 'x', queueId: 'orders', agentId: 'nobody' })).toThrow(AcdError);
    expect(engine.getCall('x')).toBeUndefined();
  });

  it('a new engine over the same store rebuilds the calls waiting for an agent', () => {
    const clock = new FakeClock();
    const store = new InMemoryStateStore();
    const first = new AcdEngine({ clock, store, queues: [{ id: 'orders' }] });
    first.agentLogin('t', { skills: { orders: 1 }, reason: 'break' });
    first.agentLogin('a1', { skills: { orders: 1 } });
    first.callArrived({ callId: 'x#1', queueId: 'orders', agentId: 't' });
    first.callArrived({ callId: 'y#1', queueId: 'orders', agentId: 't' });
    first.agentLogin('gone', { skills: { orders: 1 } });
    first.agentLogout('gone');
    first.callArrived({ callId: 'z#1', queueId: 'orders', agentId: 'gone' });
    const second = new AcdEngine({ clock, store, queues: [{ id: 'orders' }] });
    expect(second.waitingFor('t').map((c) => c.id)).toEqual(['x#1', 'y#1']);
    second.agentLogout('t');
    // The rebuilt engine keeps handing out head places after the ones already given.
    expect(second.waitingCalls('orders').map((c) => c.id)).toEqual(['z#1', 'x#1', 'y#1']);
  });
});
