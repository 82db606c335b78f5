/**
 * Property tests: random event sequences (valid, stale and duplicate) against random queue setups.
 * After every event: the structural invariants (checkInvariants), offers only to ready agents with
 * the skill (or to the call's target agent, only), FIFO within a priority, each call ends exactly
 * once; a targeted call goes to anyone else only after its agent missed or declined it or logged
 * out. At the end everything is drained and every call must have exactly one outcome.
 */
import fc from 'fast-check';
import { AcdEngine } from './engine';
import { checkInvariants } from './invariants';
import { FakeClock } from './test-helpers';
import { AGENTS, callEvent, Ev, evArb, queueArb, SKILLS } from './test-events';
import type { AcdCommand, AgentState, QueueConfig } from './types';

const coverage = { runs: 0, answered: 0, callbacks: 0, abandoned: 0, voicemail: 0, overflowed: 0, targetedToTarget: 0, targetedFellBack: 0 };

function run(queues: QueueConfig[], misses: number, events: Ev[]): void {
  const clock = new FakeClock();
  const engine = new AcdEngine({ clock, queues, maxConsecutiveMisses: misses });
  const callIds: string[] = [];
  const firstSeen = new Map<string, number>();
  const outcomes = new Map<string, number>();
  /** Targeted calls: call → target, and whether it has fallen back to its queue (and why). */
  const targetOf = new Map<string, string>();
  const released = new Set<string>();
  const fail = (msg: string) => {
    throw new Error(msg);
  };

  const apply = (label: string, fn: () => AcdCommand[]) => {
    const before = new Map<string, AgentState>();
    for (const a of engine.agents()) before.set(a.id, a.state);
    const waitingBefore = new Map(engine.queueIds().map((q) => [q, engine.waitingCalls(q).slice()]));
    // Calls kept for an agent are waiting too: the FIFO rule below covers them for that agent.
    const keptBefore = new Map([...engine.agents()].map((a) => [a.id, engine.waitingFor(a.id).slice()]));
    const stateBefore = new Map([...engine.agents()].map((a) => [a.id, a.state]));
    const cmds = fn();
    // A targeted call may leave its agent only when they refused it (missed/declined) or went offline.
    for (const [callId, target] of targetOf) {
      const call = engine.getCall(callId);
      if (released.has(callId) || !call || call.targetAgentId !== undefined) continue;
      const t = engine.getAgent(target)!;
      if (!call.excluded?.includes(target) && t.state !== 'offline' && stateBefore.get(target) !== 'offline')
        fail(`${label}: ${callId} left ${target} (${t.state}) who neither refused it nor logged out`);
      released.add(callId);
    }
    const lastState = new Map<string, AgentState>(before);
    for (const c of cmds) {
      if (c.type === 'agent-state') {
        // An offer is always preceded by ready → reserved.
        if (c.state === 'reserved' && lastState.get(c.agentId) !== 'ready') fail(`${label}: ${c.agentId} reserved from ${lastState.get(c.agentId)}`);
        lastState.set(c.agentId, c.state);
      }
      if (c.type === 'offer' || c.type === 'ring-all') {
        const ids = c.type === 'offer' ? [c.agentId] : c.agentIds;
        const q = engine.queueConfig(c.queueId);
        const target = targetOf.get(c.callId);
        const forTarget = target !== undefined && !released.has(c.callId);
        if (forTarget && (ids.length !== 1 || ids[0] !== target)) fail(`${label}: ${c.callId} for ${target} offered to ${ids.join(',')}`);
        if (forTarget) coverage.targetedToTarget++;
        else if (target !== undefined) coverage.targetedFellBack++;
        for (const id of ids) {
          if (!forTarget && engine.getAgent(id)!.skills[q.skill] === undefined) fail(`${label}: ${id} lacks ${q.skill}`);
          if (lastState.get(id) !== 'reserved') fail(`${label}: offer to ${id} not reserved`);
        }
        // FIFO within a priority: no older same-priority call of that queue, eligible for this
        // agent, was left waiting.
        const call = engine.getCall(c.callId);
        if (!call) continue; // offered and then gone within the same event (late tick)
        const rivals = [...(waitingBefore.get(c.queueId) ?? []), ...ids.flatMap((id) => keptBefore.get(id) ?? [])];
        for (const w of rivals) {
          if (w.id === call.id || w.priority !== call.priority || w.seq > call.seq) continue;
          if (engine.getCall(w.id)?.status !== 'waiting') continue;
          if (ids.some((id) => engine.isEligible(id, w.id))) fail(`${label}: ${call.id} offered before older ${w.id}`);
        }
      }
      if (c.type === 'call-outcome') {
        outcomes.set(c.callId, (outcomes.get(c.callId) ?? 0) + 1);
        if (outcomes.get(c.callId)! > 1) fail(`${label}: ${c.callId} ended twice`);
      }
    }
    const errs = checkInvariants(engine);
    if (errs.length) fail(`${label}: ${errs.join('; ')}`);
    for (const a of engine.agents()) {
      if (a.offerCallId && a.callId) fail(`${label}: ${a.id} holds two`);
    }
  };

  const offerFor = (agent: string): string | undefined => engine.getAgent(agent)?.offerCallId;
  events.forEach((e, i) => {
    const label = `#${i} ${JSON.stringify(e)}`;
    const agent = 'agent' in e ? AGENTS[e.agent] : '';
    const known = (fn: () => AcdCommand[]) => (engine.getAgent(agent) ? apply(label, fn) : undefined);
    switch (e.k) {
      case 'login': {
        const skills: Record<string, number> = {};
        if (e.skills[0]) skills[SKILLS[0]] = e.skills[0];
        if (e.skills[1]) skills[SKILLS[1]] = e.skills[1];
        if (!firstSeen.has(agent)) firstSeen.set(agent, clock.t);
        apply(label, () => engine.agentLogin(agent, { skills, ready: e.ready }));
        break;
      }
      case 'ready':
        known(() => engine.agentSetState(agent, { state: 'ready' }));
        break;
      case 'notReady':
        known(() => engine.agentSetState(agent, { state: 'not-ready', reason: e.reason }));
        break;
      case 'logout':
        known(() => engine.agentLogout(agent));
        break;
      case 'wrapDone':
        known(() => engine.wrapUpDone(agent));
        break;
      case 'arrive': {
        const id = `c${callIds.length}`;
        callIds.push(id);
        apply(label, () => engine.callArrived({ callId: id, queueId: `q${e.queue}`, priority: e.priority }));
        break;
      }
      case 'arriveFor': {
        if (!engine.getAgent(agent)) break;
        const id = `c${callIds.length}`;
        callIds.push(id);
        targetOf.set(id, agent);
        if (engine.getAgent(agent)!.state === 'offline') released.add(id); // joins the queue for anyone
        apply(label, () => engine.callArrived({ callId: id, queueId: `q${e.queue}`, priority: e.priority, agentId: agent }));
        break;
      }
      case 'hangup':
      case 'ended':
      case 'callback':
      case 'timeout':
      case 'cancelCb': {
        const id = callIds[e.call % Math.max(1, callIds.length)];
        if (!id) break;
        apply(label, () => callEvent(engine, e.k)(id));
        break;
      }
      case 'answer':
      case 'decline': {
        if (!engine.getAgent(agent)) break;
        const id = e.useOffer ? offerFor(agent) : callIds[e.call % Math.max(1, callIds.length)];
        if (!id) break;
        apply(label, () => (e.k === 'answer' ? engine.offerAnswered(id, agent) : engine.offerDeclined(id, agent)));
        break;
      }
      case 'advance': {
        // Like a host: wake at each deadline, so one batch holds one timer's consequences.
        const target = clock.t + e.ms;
        for (let d = engine.nextDeadline(); d !== undefined && d <= target; d = engine.nextDeadline()) {
          clock.t = Math.max(clock.t, d);
          apply(label, () => engine.tick());
        }
        clock.t = target;
        apply(label, () => engine.tick());
        break;
      }
    }
  });

  // Time in state: closed intervals per day plus the open one add up to the time since first login.
  for (const a of engine.agents()) {
    let closed = 0;
    for (const d of engine.stats.agentDays(a.id)) for (const v of Object.values(d.stateMs)) closed += v;
    if (closed + (clock.t - a.stateSince) !== clock.t - firstSeen.get(a.id)!) fail(`agent ${a.id} state time does not add up`);
  }

  // Drain: every caller hangs up / every call ends, then each call has exactly one outcome.
  for (const id of callIds) {
    apply(`drain ${id}`, () => engine.callerHungUp(id));
    apply(`drain2 ${id}`, () => engine.callEnded(id));
  }
  // Callbacks kept for an agent: that agent may take one as another ends — end those too; then
  // everyone signs out, and whatever is still kept for them falls back to its queue.
  for (let guard = 0; guard < 100; guard++) {
    const live = [...engine.calls()].filter((c) => c.status === 'connected');
    if (live.length === 0) break;
    for (const c of live) apply(`drain-callback ${c.id}`, () => engine.callEnded(c.id));
  }
  for (const a of [...engine.agents()]) apply(`drain-logout ${a.id}`, () => engine.agentLogout(a.id));
  // Callbacks still waiting: give them an agent with all skills.
  apply('drain-agent', () => engine.agentLogin('drainer', { skills: { s0: 9, s1: 9 }, ready: true }));
  for (let guard = 0; guard < 200; guard++) {
    const a = engine.getAgent('drainer')!;
    if (a.state === 'on-call' && a.callId) apply('drain-cb', () => engine.callEnded(a.callId!));
    else if (a.state === 'reserved') apply('drain-ans', () => engine.offerAnswered(a.offerCallId!, 'drainer'));
    else if (a.state === 'wrap-up') apply('drain-wrap', () => engine.wrapUpDone('drainer'));
    else if (a.state === 'not-ready') apply('drain-ready', () => engine.agentSetState('drainer', { state: 'ready' }));
    else {
      clock.t += 60_000;
      apply('drain-tick', () => engine.tick());
      if ([...engine.calls()].length === 0) break;
    }
  }
  for (const c of engine.calls()) if (c.status === 'connected' && c.agentId) apply('drain-end', () => engine.callEnded(c.id));
  expect([...engine.calls()]).toEqual([]);
  for (const id of callIds) if (outcomes.get(id) !== 1) fail(`call ${id} ended ${outcomes.get(id) ?? 0} times`);
  const totals = engine.stats.outcomes;
  expect(totals.answered + totals.abandoned + totals.overflowed + totals.callback + totals.voicemail).toBe(callIds.length);
  // Queue figures: each entry into a queue is counted once and resolves once.
  let entered = 0;
  let resolved = 0;
  for (const q of engine.queueIds()) {
    const s = engine.queueStats(q);
    entered += s.offered;
    resolved += s.answered + s.abandoned + s.overflowed + s.callbacks + s.voicemail;
  }
  expect(resolved).toBe(entered);
  coverage.runs++;
  coverage.answered += totals.answered;
  coverage.callbacks += totals.callback;
  coverage.abandoned += totals.abandoned;
  coverage.voicemail += totals.voicemail;
  coverage.overflowed += totals.overflowed;
  // Agents: answered never exceeds offered.
  for (const a of engine.agents()) {
    const s = engine.agentStats(a.id);
    if (s) expect(s.answered + s.missed + s.declined).toBeLessThanOrEqual(s.offered);
  }
}

describe('ACD invariants (fast-check)', () => {
  afterAll(() => {
    // The generator must actually reach every outcome, or the properties prove little.
    expect(coverage.answered).toBeGreaterThan(100);
    for (const k of ['callbacks', 'abandoned', 'voicemail', 'overflowed', 'targetedToTarget', 'targetedFellBack'] as const)
      expect(coverage[k]).toBeGreaterThan(10);
    if (process.env.ACD_COVERAGE) console.log(coverage);
  });

  it('hold over random event sequences', () => {
    fc.assert(
      fc.property(queueArb, fc.integer({ min: 1, max: 3 }), fc.array(evArb, { minLength: 20, maxLength: 150, size: 'max' }), (queues, misses, events) => {
        run(queues, misses, events);
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  it('hold with unseeded runs too', () => {
    fc.assert(
      fc.property(queueArb, fc.integer({ min: 1, max: 3 }), fc.array(evArb, { minLength: 10, maxLength: 80, size: 'max' }), (queues, misses, events) => {
        run(queues, misses, events);
      }),
      { numRuns: Number(process.env.ACD_FC_RUNS ?? 300) },
    );
  });
});
