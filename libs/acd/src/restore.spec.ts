import { ofType, offers, setup } from './test-helpers';

describe('AcdEngine after the host restarted', () => {
  it('a restored waiting call keeps its wait: deadlines and service level count from when it started waiting', () => {
    const { engine, clock, advance, ok } = setup([{ id: 'q', maxWaitSeconds: 120, serviceLevelSeconds: 20 }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    engine.callArrived({ callId: 'old', queueId: 'q', waitingSince: clock.t - 100_000 });
    engine.callArrived({ callId: 'new', queueId: 'q' });
    expect(engine.getCall('old')).toMatchObject({ status: 'waiting', arrivedAt: clock.t - 100_000, enqueuedAt: clock.t - 100_000 });
    expect(engine.nextDeadline()).toBe(clock.t + 20_000); // max wait at 120 s of its wait, not of the restart
    const vm = ofType(advance(20), 'voicemail');
    expect(vm.map((c) => c.callId)).toEqual(['old']);
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['new']);
    ok();
  });

  it('a restored caller waits even in a queue that turns callers away while nobody is signed in', () => {
    const { engine, clock, ok } = setup([{ id: 'q', joinWhenNoAgents: false }]);
    expect(ofType(engine.callArrived({ callId: 'new', queueId: 'q' }), 'voicemail').map((c) => c.callId)).toEqual(['new']);
    expect(engine.callArrived({ callId: 'old', queueId: 'q', waitingSince: clock.t - 30_000 })).toEqual([]);
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['old']);
    ok();
  });

  it('a wait said to start in the future counts from now', () => {
    const { engine, clock } = setup([{ id: 'q' }]);
    engine.callArrived({ callId: 'c', queueId: 'q', waitingSince: clock.t + 60_000 });
    expect(engine.getCall('c')!.enqueuedAt).toBe(clock.t);
  });

  it('restored calls fed in their original order are served in it, priority first', () => {
    const { engine, clock, ok } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    engine.callArrived({ callId: 'first', queueId: 'q', waitingSince: clock.t - 90_000 });
    engine.callArrived({ callId: 'second', queueId: 'q', waitingSince: clock.t - 60_000 });
    engine.callArrived({ callId: 'vip', queueId: 'q', priority: 10, waitingSince: clock.t - 30_000 });
    expect(engine.waitingCalls('q').map((c) => c.id)).toEqual(['vip', 'first', 'second']);
    expect(offers(engine.agentSetState('a1', { state: 'ready' })).map((o) => o.callId)).toEqual(['vip']);
    ok();
  });

  it('an agent who was talking when the host stopped signs in on that call, and its end leaves them to wrap-up and ready', () => {
    const { engine, clock, advance, ok } = setup([{ id: 'q', wrapUpSeconds: 10 }]);
    engine.callArrived({ callId: 'waiting', queueId: 'q' });
    const cmds = engine.agentLogin('a1', {
      skills: { q: 1 },
      ready: true,
      onCall: { callId: 'talk', queueId: 'q', arrivedAt: clock.t - 60_000, answeredAt: clock.t - 50_000 },
    });
    expect(ofType(cmds, 'agent-state')).toEqual([{ type: 'agent-state', agentId: 'a1', state: 'on-call', reason: 'restored', at: clock.t }]);
    expect(offers(cmds)).toEqual([]); // not offered the waiting call while talking
    expect(engine.getAgent('a1')).toMatchObject({ state: 'on-call', callId: 'talk' });
    ok();
    advance(5);
    engine.callEnded('talk');
    expect(engine.getAgent('a1')!.state).toBe('wrap-up');
    expect(offers(advance(10)).map((o) => o.callId)).toEqual(['waiting']);
    ok();
  });

  it('a restored call that already ended (or is known) is not put on the agent', () => {
    const { engine, clock } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 } });
    engine.callArrived({ callId: 'c', queueId: 'q' });
    engine.agentLogin('a2', { skills: { q: 1 }, onCall: { callId: 'c', queueId: 'q', arrivedAt: clock.t, answeredAt: clock.t } });
    expect(engine.getAgent('a2')).toMatchObject({ state: 'not-ready', reason: 'login' });
    expect(engine.getCall('c')!.status).toBe('waiting');
  });
});
