/**
 * Random event sequences for the engine's property specs (not exported from the package index):
 * valid, stale and duplicate events over a few agents, calls and queues.
 */
import fc from 'fast-check';
import type { AcdEngine } from './engine';
import type { AcdCommand, QueueConfig, Strategy } from './types';

export const STRATEGIES: Strategy[] = ['longest-idle', 'fewest-calls', 'least-talk-time', 'round-robin', 'skill-tiers', 'ring-all'];
export const AGENTS = ['a0', 'a1', 'a2', 'a3', 'a4'];
export const SKILLS = ['s0', 's1'];

export type Ev =
  | { k: 'login'; agent: number; skills: [number, number]; ready: boolean }
  | { k: 'ready' | 'logout' | 'wrapDone'; agent: number }
  | { k: 'notReady'; agent: number; reason: string }
  | { k: 'arrive'; queue: number; priority: number }
  | { k: 'arriveFor'; queue: number; priority: number; agent: number }
  | { k: 'hangup' | 'ended' | 'callback' | 'timeout' | 'cancelCb'; call: number }
  | { k: 'answer' | 'decline'; call: number; agent: number; useOffer: boolean }
  | { k: 'advance'; ms: number };

/** The engine's call event behind each call-only event kind. */
export function callEvent(engine: AcdEngine, k: Extract<Ev, { call: number; agent?: never }>['k']): (callId: string) => AcdCommand[] {
  return {
    hangup: (id: string) => engine.callerHungUp(id),
    ended: (id: string) => engine.callEnded(id),
    callback: (id: string) => engine.requestCallback(id),
    timeout: (id: string) => engine.offerTimedOut(id),
    cancelCb: (id: string) => engine.cancelCallback(id),
  }[k];
}

const agentIx = fc.integer({ min: 0, max: AGENTS.length - 1 });
const callIx = fc.nat(40);
export const evArb: fc.Arbitrary<Ev> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('login' as const),
      agent: agentIx,
      skills: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
      ready: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('ready' as const), agent: agentIx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('logout' as const), agent: agentIx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('wrapDone' as const), agent: agentIx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('notReady' as const), agent: agentIx, reason: fc.constantFrom('break', 'meal', 'training') }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('arrive' as const), queue: fc.nat(2), priority: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('arriveFor' as const), queue: fc.nat(2), priority: fc.nat(2), agent: agentIx }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constantFrom('hangup' as const, 'ended' as const, 'callback' as const, 'timeout' as const, 'cancelCb' as const),
      call: callIx,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constantFrom('answer' as const, 'answer' as const, 'decline' as const),
      call: callIx,
      agent: agentIx,
      useOffer: fc.constantFrom(true, true, true, false),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
);

export const queueArb: fc.Arbitrary<QueueConfig[]> = fc
  .tuple(fc.constantFrom(...STRATEGIES), fc.constantFrom(...STRATEGIES), fc.constantFrom(...STRATEGIES), fc.constantFrom(0, 5, 30), fc.boolean(), fc.boolean())
  .map(([s0, s1, s2, wrap, withOverflow, join]) => [
    {
      id: 'q0',
      skill: 's0',
      strategy: s0,
      wrapUpSeconds: wrap,
      ringSeconds: 15,
      tierWidenSeconds: 10,
      overflow: withOverflow ? { afterSeconds: 60, target: 'q1' } : undefined,
    },
    { id: 'q1', skill: 's1', strategy: s1, wrapUpSeconds: 5, ringSeconds: 10, maxWaitSeconds: 120, joinWhenNoAgents: join },
    { id: 'q2', skill: 's0', strategy: s2, ringSeconds: 15, overflow: { afterSeconds: 45, target: 'external' } },
  ]);
