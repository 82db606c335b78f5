/**
 * The engine's snapshot (AcdEngine.snapshot / fromSnapshot), as a process joining the routing
 * journal uses it: random event sequences are applied to engine A; at a random point A's snapshot,
 * through JSON, becomes engine B; the rest is applied to both. B must decide exactly as A — the same
 * commands for every event — and end in the same state, with the engine's invariants holding.
 */
import fc from 'fast-check';
import { AcdEngine } from './engine';
import { checkInvariants } from './invariants';
import { FakeClock, ofType } from './test-helpers';
import { AGENTS, callEvent, Ev, evArb, queueArb, SKILLS, STRATEGIES } from './test-events';
import type { AcdCommand, QueueConfig, Strategy } from './types';

/** Events the invariant spec does not draw, which reach the parts a snapshot must carry too. */
type MoreEv =
  | { k: 'upsert'; queue: number; strategy: Strategy; wrap: number }
  | { k: 'skills'; agent: number; skills: [number, number] }
  | { k: 'handover'; call: number; agent: number }
  | { k: 'restored'; queue: number; priority: number; waitedMs: number }
  | { k: 'jump'; hours: number };

const moreArb: fc.Arbitrary<MoreEv> = fc.oneof(
  fc.record({ k: fc.constant('upsert' as const), queue: fc.nat(2), strategy: fc.constantFrom(...STRATEGIES), wrap: fc.constantFrom(0, 5, 30) }),
  fc.record({ k: fc.constant('skills' as const), agent: fc.nat(AGENTS.length - 1), skills: fc.tuple(fc.nat(3), fc.nat(3)) }),
  fc.record({ k: fc.constant('handover' as const), call: fc.nat(40), agent: fc.nat(AGENTS.length - 1) }),
  fc.record({ k: fc.constant('restored' as const), queue: fc.nat(2), priority: fc.nat(2), waitedMs: fc.nat(200_000) }),
  // Across midnight (UTC+8): the figures of several days.
  fc.record({ k: fc.constant('jump' as const), hours: fc.integer({ min: 1, max: 20 }) }),
);

const anyEvArb: fc.Arbitrary<Ev | MoreEv> = fc.oneof({ weight: 8, arbitrary: evArb }, { weight: 1, arbitrary: moreArb });

const OPTIONS = { utcOffsetMinutes: 480 };

/** One engine and what the events' driver remembers (the calls it made up), as a host would. */
class Side {
  constructor(
    readonly engine: AcdEngine,
    readonly clock: FakeClock,
    readonly queues: QueueConfig[],
    readonly callIds: string[] = [],
  ) {}

  static start(queues: QueueConfig[], misses: number): Side {
    const clock = new FakeClock();
    return new Side(new AcdEngine({ clock, queues, maxConsecutiveMisses: misses, ...OPTIONS }), clock, queues);
  }

  /** A new engine from this one's snapshot, through JSON (as it travels through Redis). */
  fork(misses: number): Side {
    const clock = new FakeClock(this.clock.t);
    const snapshot = JSON.parse(JSON.stringify(this.engine.snapshot())) as ReturnType<AcdEngine['snapshot']>;
    return new Side(AcdEngine.fromSnapshot(snapshot, { clock, maxConsecutiveMisses: misses, ...OPTIONS }), clock, this.queues, this.callIds.slice());
  }

  /** Applies one event; every batch of commands it caused, in order. */
  apply(e: Ev | MoreEv): AcdCommand[][] {
    const { engine, clock } = this;
    const agent = 'agent' in e ? AGENTS[e.agent] : '';
    const known = engine.getAgent(agent) !== undefined;
    const call = 'call' in e ? this.callIds[e.call % Math.max(1, this.callIds.length)] : undefined;
    const skillsOf = (levels: [number, number]) => Object.fromEntries(SKILLS.flatMap((s, i) => (levels[i] ? [[s, levels[i]]] : [])));
    const one = (fn: () => AcdCommand[]) => [fn()];
    switch (e.k) {
      case 'login':
        return one(() => engine.agentLogin(agent, { skills: skillsOf(e.skills), ready: e.ready }));
      case 'ready':
        return known ? one(() => engine.agentSetState(agent, { state: 'ready' })) : [];
      case 'notReady':
        return known ? one(() => engine.agentSetState(agent, { state: 'not-ready', reason: e.reason })) : [];
      case 'logout':
        return known ? one(() => engine.agentLogout(agent)) : [];
      case 'wrapDone':
        return known ? one(() => engine.wrapUpDone(agent)) : [];
      case 'arrive':
      case 'arriveFor':
      case 'restored': {
        if (e.k === 'arriveFor' && !known) return [];
        const callId = `c${this.callIds.length}`;
        this.callIds.push(callId);
        return one(() =>
          engine.callArrived({
            callId,
            queueId: `q${e.queue}`,
            priority: e.priority,
            data: { from: `+86${this.callIds.length}` },
            ...(e.k === 'arriveFor' ? { agentId: agent } : {}),
            ...(e.k === 'restored' ? { waitingSince: clock.t - e.waitedMs } : {}),
          }),
        );
      }
      case 'hangup':
      case 'ended':
      case 'callback':
      case 'timeout':
      case 'cancelCb': {
        if (!call) return [];
        return one(() => callEvent(engine, e.k)(call));
      }
      case 'answer':
      case 'decline': {
        if (!known) return [];
        const id = e.useOffer ? engine.getAgent(agent)!.offerCallId : call;
        if (!id) return [];
        return one(() => (e.k === 'answer' ? engine.offerAnswered(id, agent) : engine.offerDeclined(id, agent)));
      }
      case 'handover':
        return call && known ? one(() => engine.callHandedOver(call, agent)) : [];
      case 'skills':
        return known ? one(() => engine.agentSetSkills(agent, skillsOf(e.skills))) : [];
      case 'upsert':
        return one(() => engine.upsertQueue({ ...this.queues[e.queue], strategy: e.strategy, wrapUpSeconds: e.wrap }));
      case 'advance':
      case 'jump': {
        // Like a host: wake at each deadline.
        const batches: AcdCommand[][] = [];
        const target = clock.t + (e.k === 'advance' ? e.ms : e.hours * 3_600_000);
        for (let d = engine.nextDeadline(); d !== undefined && d <= target; d = engine.nextDeadline()) {
          clock.t = Math.max(clock.t, d);
          batches.push(engine.tick());
        }
        clock.t = target;
        batches.push(engine.tick());
        return batches;
      }
    }
  }

  /** What a host can read of the engine: records, queues' order and counts, figures per day, the next deadline. */
  view() {
    const { engine } = this;
    const agents = [...engine.agents()];
    return {
      agents,
      calls: [...engine.calls()],
      queues: engine.queueIds().map((q) => ({
        q,
        cfg: engine.queueConfig(q),
        waiting: engine.waitingCalls(q).map((c) => c.id),
        forAgents: engine.waitingForAgents(q).map((c) => c.id),
        ready: engine.readyAgentCount(q),
        stats: engine.queueStats(q),
        days: engine.stats.queueDays(q),
      })),
      agentDays: agents.map((a) => ({
        id: a.id,
        days: engine.stats.agentDays(a.id),
        today: engine.agentStats(a.id),
        mine: engine.waitingFor(a.id).map((c) => c.id),
      })),
      outcomes: engine.stats.outcomes,
      nextDeadline: engine.nextDeadline(),
    };
  }
}

const coverage = { runs: 0, forkedWithCalls: 0, forkedWithDeadlines: 0, ringAllAfterFork: 0, eventsAfterFork: 0 };

function run(queues: QueueConfig[], misses: number, events: (Ev | MoreEv)[], cut: number): void {
  const a = Side.start(queues, misses);
  let b: Side | undefined;
  const at = cut % (events.length + 1);
  events.forEach((e, i) => {
    if (i === at) {
      b = a.fork(misses);
      expect(b.engine.snapshot()).toEqual(a.engine.snapshot());
      if (a.callIds.length) coverage.forkedWithCalls++;
      if (a.engine.nextDeadline() !== undefined) coverage.forkedWithDeadlines++;
    }
    const fromA = a.apply(e);
    if (!b) return;
    coverage.eventsAfterFork++;
    const fromB = b.apply(e);
    if (JSON.stringify(fromB) !== JSON.stringify(fromA)) {
      throw new Error(`#${i} ${JSON.stringify(e)} decided differently after the snapshot:\nA ${JSON.stringify(fromA)}\nB ${JSON.stringify(fromB)}`);
    }
    coverage.ringAllAfterFork += fromA.flat().filter((c) => c.type === 'ring-all').length;
    expect(ofType(fromB.flat(), 'offer')).toEqual(ofType(fromA.flat(), 'offer'));
  });
  b ??= a.fork(misses);
  expect(b.view()).toEqual(a.view());
  expect(b.engine.snapshot()).toEqual(a.engine.snapshot());
  expect(checkInvariants(a.engine)).toEqual([]);
  expect(checkInvariants(b.engine)).toEqual([]);
  coverage.runs++;
}

describe('AcdEngine snapshot (fast-check)', () => {
  afterAll(() => {
    // The sequences must reach what a snapshot has to carry, or the property proves little.
    expect(coverage.forkedWithCalls).toBeGreaterThan(100);
    expect(coverage.forkedWithDeadlines).toBeGreaterThan(50);
    expect(coverage.ringAllAfterFork).toBeGreaterThan(20);
    if (process.env.ACD_COVERAGE) console.log(coverage);
  });

  it('an engine built from a snapshot decides exactly as the one it was taken from, and ends in the same state', () => {
    fc.assert(
      fc.property(
        queueArb,
        fc.integer({ min: 1, max: 3 }),
        fc.array(anyEvArb, { minLength: 20, maxLength: 150, size: 'max' }),
        fc.nat(),
        (queues, misses, events, cut) => {
          run(queues, misses, events, cut);
        },
      ),
      { numRuns: 400, seed: 20261206 },
    );
  });

  it('also with unseeded runs', () => {
    fc.assert(
      fc.property(
        queueArb,
        fc.integer({ min: 1, max: 3 }),
        fc.array(anyEvArb, { minLength: 10, maxLength: 100, size: 'max' }),
        fc.nat(),
        (queues, misses, events, cut) => {
          run(queues, misses, events, cut);
        },
      ),
      { numRuns: Number(process.env.ACD_FC_RUNS ?? 200) },
    );
  });

  it('a snapshot of a fresh engine, and one taken twice, are the same', () => {
    const a = Side.start([{ id: 'q0', skill: 's0' }], 1);
    expect(a.fork(1).engine.snapshot()).toEqual(a.engine.snapshot());
    expect(a.engine.snapshot()).toEqual(a.engine.snapshot());
  });
});
