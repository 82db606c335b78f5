import { offers, setup } from './test-helpers';
import type { Strategy } from './types';

function serveOne(engine: ReturnType<typeof setup>['engine'], id: string, q = 'q') {
  const o = offers(engine.callArrived({ callId: id, queueId: q }))[0];
  return o?.agentId;
}

describe('strategies', () => {
  it('longest-idle picks the agent idle the longest', () => {
    const { engine, advance } = setup([{ id: 'q' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    advance(5);
    engine.agentLogin('a2', { skills: { q: 1 }, ready: true });
    advance(5);
    engine.agentLogin('a3', { skills: { q: 1 }, ready: true });
    expect(serveOne(engine, 'c1')).toBe('a1');
    engine.offerAnswered('c1', 'a1');
    advance(1);
    engine.callEnded('c1'); // a1 idle again since now: goes to the back
    expect(serveOne(engine, 'c2')).toBe('a2');
    expect(serveOne(engine, 'c3')).toBe('a3');
    expect(serveOne(engine, 'c4')).toBe('a1');
  });

  it('fewest-calls picks the agent with fewest answered calls today', () => {
    const { engine, advance } = setup([{ id: 'q', strategy: 'fewest-calls' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 }, ready: true });
    for (let i = 0; i < 2; i++) {
      const who = serveOne(engine, `x${i}`);
      engine.offerAnswered(`x${i}`, who);
      engine.callEnded(`x${i}`);
      advance(1);
    }
    // both have 1 call; a1 did it first so is idle longer
    expect(serveOne(engine, 'c')).toBe('a1');
    engine.offerAnswered('c', 'a1');
    engine.callEnded('c');
    engine.agentLogin('a3', { skills: { q: 1 }, ready: true });
    expect(serveOne(engine, 'd')).toBe('a3');
    expect(serveOne(engine, 'e')).toBe('a2');
  });

  it('least-talk-time picks the agent with least talk today', () => {
    const { engine, advance } = setup([{ id: 'q', strategy: 'least-talk-time' }]);
    engine.agentLogin('a1', { skills: { q: 1 }, ready: true });
    engine.agentLogin('a2', { skills: { q: 1 }, ready: true });
    expect(serveOne(engine, 'c1')).toBe('a1');
    expect(serveOne(engine, 'c2')).toBe('a2');
    engine.offerAnswered('c1', 'a1');
    engine.offerAnswered('c2', 'a2');
    advance(100);
    engine.callEnded('c1'); // a1 talked 100 s
    advance(100);
    engine.callEnded('c2'); // a2 talked 200 s
    expect(serveOne(engine, 'c3')).toBe('a1');
  });

  it('round-robin rotates through agents', () => {
    const { engine } = setup([{ id: 'q', strategy: 'round-robin' }]);
    for (const id of ['a1', 'a2', 'a3']) engine.agentLogin(id, { skills: { q: 1 }, ready: true });
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const who = serveOne(engine, `c${i}`);
      got.push(who);
      engine.offerAnswered(`c${i}`, who);
      engine.callEnded(`c${i}`);
    }
    expect(got).toEqual(['a1', 'a2', 'a3', 'a1', 'a2', 'a3']);
  });

  it('skill-tiers: level 1 first, widen to level 2 after tierWidenSeconds', () => {
    const { engine, advance, ok } = setup([{ id: 'q', strategy: 'skill-tiers', tierWidenSeconds: 10 }]);
    engine.agentLogin('expert', { skills: { q: 1 } });
    engine.agentLogin('junior', { skills: { q: 2 }, ready: true });
    expect(serveOne(engine, 'c1')).toBeUndefined();
    ok();
    expect(offers(advance(9.999))).toEqual([]);
    expect(offers(advance(0.001))[0]).toMatchObject({ callId: 'c1', agentId: 'junior' });
    // with the expert ready too, level 1 wins immediately
    engine.agentSetState('expert', { state: 'ready' });
    engine.agentLogin('junior2', { skills: { q: 2 }, ready: true });
    expect(serveOne(engine, 'c2')).toBe('expert');
    ok();
  });

  it.each<Strategy>(['longest-idle', 'fewest-calls', 'least-talk-time', 'round-robin', 'skill-tiers', 'ring-all'])(
    '%s only offers to ready agents with the skill',
    (strategy) => {
      const { engine, ok } = setup([{ id: 'q', strategy }]);
      engine.agentLogin('other', { skills: { z: 1 }, ready: true });
      engine.agentLogin('busy', { skills: { q: 1 } });
      const cmds = engine.callArrived({ callId: 'c1', queueId: 'q' });
      expect(cmds.filter((c) => c.type === 'offer' || c.type === 'ring-all')).toEqual([]);
      ok();
    },
  );

  it('multi-skill agent takes the oldest highest-priority call across its queues', () => {
    const { engine, advance } = setup([{ id: 'a' }, { id: 'b' }]);
    engine.agentLogin('x', { skills: { a: 1, b: 1 } });
    engine.callArrived({ callId: 'a1', queueId: 'a' });
    advance(1);
    engine.callArrived({ callId: 'b1', queueId: 'b' });
    engine.callArrived({ callId: 'b2', queueId: 'b', priority: 5 });
    expect(offers(engine.agentSetState('x', { state: 'ready' }))[0].callId).toBe('b2');
    engine.offerAnswered('b2', 'x');
    engine.callEnded('b2');
    expect(engine.getCall('a1')!.status).toBe('offered');
  });
});
