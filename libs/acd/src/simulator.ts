/**
 * Deterministic discrete-event simulation of a call centre driving the real AcdEngine: the
 * simulator plays callers and agents (arrivals, pick-up, talk, hang-up, abandonment) and does
 * whatever the engine's commands say; the engine's own timers run through nextDeadline()/tick()
 * exactly as a host would drive them.
 */
import { AcdEngine } from './engine';
import { TimeHeap } from './heap';
import { Random } from './random';
import type { AcdCommand, Skills, Strategy } from './types';

export interface SimQueueSpec {
  id: string;
  skill?: string;
  callsPerHour: number;
  strategy?: Strategy;
  wrapUpSeconds?: number;
  serviceLevelSeconds?: number;
  /** Ring timeout (no answer after this → ring-no-answer). Default 15 s. */
  ringSeconds?: number;
  maxWaitSeconds?: number;
  overflow?: { afterSeconds: number; target: string };
  tierWidenSeconds?: number;
  /** Share of calls per priority, e.g. [{priority: 0, weight: 9}, {priority: 10, weight: 1}]. */
  priorities?: { priority: number; weight: number }[];
}

export interface SimAgentSpec {
  id: string;
  skills: Skills;
  /** Probability this agent lets an offer ring out. Default: SimConfig.noAnswerProbability. */
  noAnswerProbability?: number;
  /** Seconds from ring to pick-up. Default: SimConfig.answerSeconds. */
  answerSeconds?: number;
}

export type HandleTime = { distribution: 'exponential'; meanSeconds: number } | { distribution: 'lognormal'; meanSeconds: number; sdSeconds: number };

export interface SimConfig {
  seed: number;
  /** Measured calls (arrivals after the warm-up). */
  calls: number;
  /** Calls simulated first and not measured, so the measurement starts near steady state. */
  warmupCalls?: number;
  queues: SimQueueSpec[];
  agents: SimAgentSpec[];
  handleTime: HandleTime;
  /** Mean caller patience, exponential; omitted = callers never abandon. */
  patienceSeconds?: number;
  /** Ring time before an agent picks up; 0 = instant answer. */
  answerSeconds?: number;
  noAnswerProbability?: number;
  maxConsecutiveMisses?: number;
  /** An agent set not-ready for missed calls goes ready again after this long. Default 30 s. */
  missedCallPauseSeconds?: number;
  /** Simulated epoch of t = 0 (ms). */
  startAt?: number;
  /** Bench hook: every engine call goes through it (e.g. to time it). Keeps this module free of timers. */
  instrument?: (engineCall: () => AcdCommand[]) => AcdCommand[];
}

export interface SimFigures {
  calls: number;
  answered: number;
  abandoned: number;
  /** Answered within threshold / (answered + abandoned); calls that left otherwise are excluded. */
  serviceLevel: number;
  /** Mean wait (arrival → answer) of answered calls. */
  asaSeconds: number;
  abandonRate: number;
  /** (talk + wrap-up) / agent time, over the measurement window. */
  occupancy: number;
}

export interface SimResult {
  measured: SimFigures;
  perQueue: Record<string, SimFigures>;
  simulatedSeconds: number;
  engine: AcdEngine;
}

type SimEvent =
  | { at: number; kind: 'arrival' }
  | { at: number; kind: 'answer'; callId: string; agentId: string }
  | { at: number; kind: 'end'; callId: string }
  | { at: number; kind: 'abandon'; callId: string }
  | { at: number; kind: 'ready'; agentId: string };

interface SimCall {
  id: string;
  queue: number;
  arrivedAt: number;
  measured: boolean;
  handleMs: number;
  answeredAt: number;
  done: boolean;
}

export function simulate(cfg: SimConfig): SimResult {
  const rng = new Random(cfg.seed);
  const start = cfg.startAt ?? Date.UTC(2026, 0, 5, 0, 0, 0);
  const clock = { t: start, now: () => clock.t };
  const engine = new AcdEngine({
    clock,
    maxConsecutiveMisses: cfg.maxConsecutiveMisses,
    queues: cfg.queues.map((q) => ({
      id: q.id,
      skill: q.skill,
      strategy: q.strategy,
      wrapUpSeconds: q.wrapUpSeconds,
      serviceLevelSeconds: q.serviceLevelSeconds,
      ringSeconds: q.ringSeconds,
      maxWaitSeconds: q.maxWaitSeconds,
      overflow: q.overflow,
      tierWidenSeconds: q.tierWidenSeconds,
    })),
  });
  const timed = cfg.instrument ?? ((fn: () => AcdCommand[]): AcdCommand[] => fn());

  const agentSpec = new Map(cfg.agents.map((a) => [a.id, a]));
  const totalRate = cfg.queues.reduce((s, q) => s + q.callsPerHour, 0) / 3_600_000; // per ms
  const cumulative: number[] = [];
  let acc = 0;
  for (const q of cfg.queues) cumulative.push((acc += q.callsPerHour));
  const qIndex = new Map(cfg.queues.map((q, i) => [q.id, i]));
  const wrapMs = cfg.queues.map((q) => (q.wrapUpSeconds ?? 0) * 1000);
  const thresholdMs = cfg.queues.map((q) => (q.serviceLevelSeconds ?? 20) * 1000);

  const warmup = cfg.warmupCalls ?? Math.min(5000, Math.floor(cfg.calls / 50));
  const totalCalls = warmup + cfg.calls;
  const events = new TimeHeap<SimEvent>();
  const calls = new Map<string, SimCall>();
  let arrivals = 0;
  let windowStart = NaN;
  let windowEnd = NaN;

  const nq = cfg.queues.length;
  const answered = new Array<number>(nq).fill(0);
  const abandoned = new Array<number>(nq).fill(0);
  const within = new Array<number>(nq).fill(0);
  const waitSum = new Array<number>(nq).fill(0);
  const measuredCalls = new Array<number>(nq).fill(0);
  let busyMs = 0;

  const drawHandle = (): number =>
    cfg.handleTime.distribution === 'exponential'
      ? rng.exponential(cfg.handleTime.meanSeconds * 1000)
      : rng.logNormal(cfg.handleTime.meanSeconds * 1000, cfg.handleTime.sdSeconds * 1000);

  for (const a of cfg.agents) engine.agentLogin(a.id, { skills: a.skills, ready: true });
  if (totalRate > 0 && totalCalls > 0) events.push({ at: start + rng.exponential(1 / totalRate), kind: 'arrival' });

  const ring = (callId: string, agentId: string) => {
    const spec = agentSpec.get(agentId);
    const pNoAnswer = spec?.noAnswerProbability ?? cfg.noAnswerProbability ?? 0;
    if (pNoAnswer > 0 && rng.next() < pNoAnswer) return; // rings out: the engine's timer handles it
    const delay = (spec?.answerSeconds ?? cfg.answerSeconds ?? 0) * 1000;
    events.push({ at: clock.t + delay, kind: 'answer', callId, agentId });
  };

  const handle = (cmds: AcdCommand[]) => {
    for (let i = 0; i < cmds.length; i++) {
      const c = cmds[i];
      switch (c.type) {
        case 'offer':
          ring(c.callId, c.agentId);
          break;
        case 'ring-all':
          for (const id of c.agentIds) ring(c.callId, id);
          break;
        case 'callback-task': {
          const call = calls.get(c.task.callId);
          events.push({ at: clock.t + (call?.handleMs ?? drawHandle()), kind: 'end', callId: c.task.callId });
          break;
        }
        case 'call-outcome': {
          const call = calls.get(c.callId);
          if (!call) break;
          if (c.outcome === 'answered') {
            call.answeredAt = clock.t;
            events.push({ at: clock.t + call.handleMs, kind: 'end', callId: call.id });
            if (call.measured) {
              const qi = call.queue;
              const wait = clock.t - call.arrivedAt;
              answered[qi]++;
              waitSum[qi] += wait;
              if (wait <= thresholdMs[qi]) within[qi]++;
              busyMs += call.handleMs + wrapMs[qIndex.get(c.queueId) ?? qi];
            }
          } else {
            call.done = true;
            if (c.outcome === 'abandoned' && call.measured) abandoned[call.queue]++;
            calls.delete(call.id);
          }
          break;
        }
        case 'agent-state':
          if (c.state === 'not-ready' && c.reason === 'missed-call')
            events.push({ at: clock.t + (cfg.missedCallPauseSeconds ?? 30) * 1000, kind: 'ready', agentId: c.agentId });
          break;
        default:
          break;
      }
    }
  };

  for (;;) {
    const ev = events.peek();
    const dl = engine.nextDeadline();
    if (!ev && dl === undefined) break;
    if (dl !== undefined && (!ev || dl <= ev.at)) {
      clock.t = dl;
      handle(timed(() => engine.tick()));
      continue;
    }
    const e = events.pop()!;
    clock.t = e.at;
    switch (e.kind) {
      case 'arrival': {
        const id = `c${arrivals}`;
        const measured = arrivals >= warmup;
        if (arrivals === warmup) windowStart = clock.t;
        arrivals++;
        if (arrivals === totalCalls) windowEnd = clock.t;
        else events.push({ at: clock.t + rng.exponential(1 / totalRate), kind: 'arrival' });
        const pick = rng.next() * acc;
        let qi = 0;
        while (cumulative[qi] <= pick && qi < nq - 1) qi++;
        const q = cfg.queues[qi];
        let priority = 0;
        if (q.priorities && q.priorities.length) {
          const tot = q.priorities.reduce((s, p) => s + p.weight, 0);
          let r = rng.next() * tot;
          for (const p of q.priorities) {
            if ((r -= p.weight) < 0) {
              priority = p.priority;
              break;
            }
          }
        }
        const call: SimCall = { id, queue: qi, arrivedAt: clock.t, measured, handleMs: drawHandle(), answeredAt: NaN, done: false };
        calls.set(id, call);
        if (measured) measuredCalls[qi]++;
        if (cfg.patienceSeconds !== undefined) events.push({ at: clock.t + rng.exponential(cfg.patienceSeconds * 1000), kind: 'abandon', callId: id });
        handle(timed(() => engine.callArrived({ callId: id, queueId: q.id, priority })));
        break;
      }
      case 'answer':
        handle(timed(() => engine.offerAnswered(e.callId, e.agentId)));
        break;
      case 'end': {
        calls.delete(e.callId);
        handle(timed(() => engine.callEnded(e.callId)));
        break;
      }
      case 'ready':
        handle(timed(() => engine.agentSetState(e.agentId, { state: 'ready' })));
        break;
      case 'abandon': {
        const call = calls.get(e.callId);
        if (call && Number.isNaN(call.answeredAt)) handle(timed(() => engine.callerHungUp(e.callId)));
        break;
      }
    }
  }

  const windowMs = Math.max(1, windowEnd - windowStart);
  const figures = (qs: number[]): SimFigures => {
    let a = 0;
    let ab = 0;
    let w = 0;
    let ws = 0;
    let n = 0;
    for (const i of qs) {
      a += answered[i];
      ab += abandoned[i];
      w += within[i];
      ws += waitSum[i];
      n += measuredCalls[i];
    }
    return {
      calls: n,
      answered: a,
      abandoned: ab,
      serviceLevel: a + ab > 0 ? w / (a + ab) : 1,
      asaSeconds: a > 0 ? ws / a / 1000 : 0,
      abandonRate: n > 0 ? ab / n : 0,
      occupancy: 0,
    };
  };
  const all = figures(cfg.queues.map((_, i) => i));
  // Busy time of calls arriving in the window over agent time in the window (≈ λ·AHT/N).
  all.occupancy = cfg.agents.length > 0 ? busyMs / (cfg.agents.length * windowMs) : 0;
  const perQueue: Record<string, SimFigures> = {};
  cfg.queues.forEach((q, i) => (perQueue[q.id] = figures([i])));
  return { measured: all, perQueue, simulatedSeconds: (clock.t - start) / 1000, engine };
}
