/**
 * The ACD: takes events, returns the commands the host (Twilio side) must execute.
 *
 * Pure and synchronous: no I/O, time only from the injected clock. Timers (ring timeout, wrap-up,
 * overflow, max wait, tier widening) are deadlines in one heap; the host schedules a single timer
 * for `nextDeadline()` and calls `tick()`. Every event first runs the deadlines that are due, so a
 * host that ticks late still sees events in time order.
 *
 * Work conservation: whenever an agent becomes ready it looks for a call at once, and whenever a
 * call starts waiting its queue is dispatched at once, so after every event no waiting call has an
 * eligible ready agent.
 */
import { TimeHeap } from './heap';
import { AcdStats, AgentDayStats, QueueDayStats, StatsSnapshot, sumQueueStats } from './stats';
import { AcdStateStore, AgentRecord, CallRecord, InMemoryStateStore } from './state-store';
import { createPool, PoolSnapshot, ReadyPool } from './strategies';
import { AcdCommand, AcdError, AgentState, CallOutcome, Clock, EngineOptions, NotReadyReason, QueueConfig, SetStateRequest, Skills, Strategy } from './types';

export interface ResolvedQueueConfig {
  id: string;
  skill: string;
  strategy: Strategy;
  wrapUpSeconds: number;
  ringSeconds: number;
  maxWaitSeconds?: number;
  overflow?: { afterSeconds: number; target: string };
  serviceLevelSeconds: number;
  joinWhenNoAgents: boolean;
  tierWidenSeconds: number;
}

class QueueRuntime {
  /** Waiting calls, priority descending then arrival order. Offered calls are not in here. */
  readonly waiting: CallRecord[] = [];
  /** Agents with the skill who are logged in (any state but offline). */
  loggedIn = 0;
  /**
   * Waiting calls that overflowed in. While there are none, calls of one priority entered in seq
   * order, so a later one never has a wider skill tier and the tier scan may skip the group.
   */
  overflowedIn = 0;
  constructor(
    readonly cfg: ResolvedQueueConfig,
    readonly pool: ReadyPool,
  ) {}
}

type Deadline =
  | { at: number; kind: 'ring'; call: CallRecord; gen: number }
  | { at: number; kind: 'overflow' | 'max-wait' | 'tier'; call: CallRecord; gen: number }
  | { at: number; kind: 'wrap-up'; agent: AgentRecord; gen: number };

export interface CallArrival {
  callId: string;
  queueId: string;
  /** Higher is served first: e.g. 0 normal, 10 VIP / repeat caller, 20 escalated complaint. */
  priority?: number;
  /**
   * A targeted call (e.g. a transfer to a named agent, 转接到指定坐席): offered to this agent only —
   * at once if ready, else it waits for them in `queueId`'s service order (priority, then arrival)
   * and is offered to nobody else meanwhile; the ring timeout is the queue's, as for any offer. If
   * the agent misses or declines it, or logs out while it waits, it falls back to `queueId` for
   * anyone, at the head of its priority. An agent already offline: it joins the queue that way at once.
   */
  agentId?: string;
  /**
   * When the caller started waiting, for a call restored after the host restarted (Twilio kept it
   * in its queue): its wait, deadlines and service level count from then, and it waits even in a
   * queue that turns callers away while no agent is signed in (nobody is, just after a restart).
   * Default: now.
   */
  waitingSince?: number;
  data?: unknown;
}

/** A call an agent was already talking on when the host restarted: they sign in on it. */
export interface RestoredCall {
  callId: string;
  queueId: string;
  priority?: number;
  /** When the caller first arrived, and when the agent answered. */
  arrivedAt: number;
  answeredAt: number;
}

export interface AgentLogin {
  skills: Skills;
  /** Go ready at once; otherwise not-ready with `reason` (default 'login'). */
  ready?: boolean;
  reason?: NotReadyReason;
  /** Sign in on this call (on-call): it ends, as any call, with `callEnded`. */
  onCall?: RestoredCall;
}

/**
 * Everything the engine holds, as plain data (JSON-safe as long as the calls' `data` is): records,
 * queues with their waiting order and ready pools (with the keys agents entered them with), the
 * pending deadlines in firing order, the recently ended call ids, every day's figures, the counters.
 * `AcdEngine.fromSnapshot` builds an engine that decides exactly as the one it was taken from.
 */
export interface AcdSnapshot {
  version: 1;
  /** The engine's time. */
  t: number;
  nextAgentSeq: number;
  nextCallSeq: number;
  nextHeadSeq: number;
  offerSeq: number;
  /** In the engine's order (queue ids, membership). */
  queues: { cfg: ResolvedQueueConfig; waiting: string[]; loggedIn: number; overflowedIn: number; pool: PoolSnapshot }[];
  /** In the store's order, each with the queues it serves in its own order. */
  agents: { record: AgentRecord; queues: string[] }[];
  calls: CallRecord[];
  /** Targeted calls waiting for each agent, in service order. */
  targeted: [string, string[]][];
  /** Live deadlines only, in firing order (time, then scheduling). */
  deadlines: { at: number; kind: Deadline['kind']; id: string; gen: number }[];
  recentlyEnded: { ids: string[]; order: string[]; head: number };
  stats: StatsSnapshot;
}

export interface AcdEngineOptions extends EngineOptions {
  clock: Clock;
  queues?: QueueConfig[];
  store?: AcdStateStore;
}

/** skill-tiers widens level by level up to this; from then on every level is eligible. */
const MAX_TIER = 20;

/** Places of targeted calls fallen back to their queue: ahead of every arrival, FIFO among themselves. */
const HEAD_SEQ_BASE = -Number.MAX_SAFE_INTEGER;

function fail(message: string): never {
  throw new AcdError(message);
}

function resolveQueue(config: QueueConfig): ResolvedQueueConfig {
  const cfg: ResolvedQueueConfig = {
    id: config.id,
    skill: config.skill ?? config.id,
    strategy: config.strategy ?? 'longest-idle',
    wrapUpSeconds: config.wrapUpSeconds ?? 0,
    ringSeconds: config.ringSeconds ?? 15,
    maxWaitSeconds: config.maxWaitSeconds,
    overflow: config.overflow,
    serviceLevelSeconds: config.serviceLevelSeconds ?? 20,
    joinWhenNoAgents: config.joinWhenNoAgents ?? true,
    tierWidenSeconds: config.tierWidenSeconds ?? 10,
  };
  if (!(cfg.ringSeconds > 0)) throw new AcdError(`queue ${cfg.id}: ringSeconds must be > 0`);
  return cfg;
}

/** Sort key of the waiting list: priority descending, then seq ascending. */
function before(a: CallRecord, b: CallRecord): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

export class AcdEngine {
  private readonly clock: Clock;
  private readonly store: AcdStateStore;
  private readonly maxMisses: number;
  private readonly utcOffsetMs: number;
  readonly stats: AcdStats;
  private readonly queues = new Map<string, QueueRuntime>();
  /** Queues each agent serves, indexed by agent seq. */
  private agentQueues: QueueRuntime[][] = [];
  private readonly deadlines = new TimeHeap<Deadline>();
  private nextAgentSeq = 0;
  private nextCallSeq = 0;
  private nextHeadSeq = HEAD_SEQ_BASE;
  private offerSeq = 0;
  /** Targeted calls waiting for their agent (agent id → calls in service order). */
  private readonly targeted = new Map<string, CallRecord[]>();
  private t = 0;
  /** Ids of the last calls that ended, so replayed arrivals are ignored (bounded FIFO). */
  private readonly recentlyEnded = new Set<string>();
  private readonly recentlyEndedOrder: string[] = [];
  private recentlyEndedHead = 0;
  private out: AcdCommand[] = [];

  constructor(opts: AcdEngineOptions) {
    this.clock = opts.clock;
    this.store = opts.store ?? new InMemoryStateStore();
    this.maxMisses = Math.max(1, opts.maxConsecutiveMisses ?? 1);
    this.utcOffsetMs = (opts.utcOffsetMinutes ?? 0) * 60_000;
    this.stats = new AcdStats(opts.utcOffsetMinutes ?? 0);
    this.t = this.clock.now();
    for (const q of opts.queues ?? []) {
      const cfg = resolveQueue(q);
      this.queues.set(cfg.id, new QueueRuntime(cfg, createPool(cfg.strategy, cfg.id, this.keySource)));
    }
    this.rebuildFromStore();
  }

  // ───────────────────────────── configuration ─────────────────────────────

  /** Adds or replaces a queue. Replacing keeps waiting calls; strategy changes rebuild the pool. */
  upsertQueue(config: QueueConfig): AcdCommand[] {
    this.begin();
    const cfg = resolveQueue(config);
    const old = this.queues.get(cfg.id);
    const q = new QueueRuntime(cfg, createPool(cfg.strategy, cfg.id, this.keySource));
    if (old) {
      q.waiting.push(...old.waiting);
      q.overflowedIn = old.overflowedIn;
    }
    this.queues.set(cfg.id, q);
    // Membership and pools are derived: recompute for every agent (admin operation, rare).
    for (const a of this.store.agents()) {
      const qs = (this.agentQueues[a.seq] ?? []).filter((x) => x.cfg.id !== cfg.id);
      if (a.skills[cfg.skill] !== undefined) {
        qs.push(q);
        if (a.state !== 'offline') q.loggedIn++;
        if (a.state === 'ready') q.pool.add(a, a.skills[cfg.skill]);
      }
      this.agentQueues[a.seq] = qs;
    }
    this.dispatchQueue(q);
    return this.end();
  }

  queueConfig(queueId: string): ResolvedQueueConfig {
    return this.queue(queueId).cfg;
  }

  // ───────────────────────────── agent events ─────────────────────────────

  agentLogin(agentId: string, login: AgentLogin): AcdCommand[] {
    this.begin();
    let a = this.store.getAgent(agentId);
    if (!a) {
      a = {
        id: agentId,
        seq: this.nextAgentSeq++,
        skills: {},
        state: 'offline',
        stateSince: this.t,
        idleSince: this.t,
        consecutiveMisses: 0,
        gen: 0,
        lastOfferSeq: {},
      };
      this.agentQueues[a.seq] = [];
      this.store.saveAgent(a);
    }
    this.setSkills(a, login.skills);
    if (a.state === 'offline') {
      for (const q of this.agentQueues[a.seq]) q.loggedIn++;
      a.consecutiveMisses = 0;
      const restored = login.onCall;
      if (restored && !this.store.getCall(restored.callId) && !this.recentlyEnded.has(restored.callId)) this.signInOnCall(a, restored);
      else if (login.ready) this.makeReady(a, true);
      else this.transition(a, 'not-ready', login.reason ?? 'login');
    }
    return this.end();
  }

  /** The agent was on `restored` when the host stopped: on-call with it, as if answered then. */
  private signInOnCall(a: AgentRecord, restored: RestoredCall): void {
    const q = this.queue(restored.queueId);
    const call: CallRecord = {
      id: restored.callId,
      seq: this.nextCallSeq++,
      queueId: q.cfg.id,
      priority: restored.priority ?? 0,
      arrivedAt: restored.arrivedAt,
      enqueuedAt: restored.arrivedAt,
      status: 'connected',
      callback: false,
      offeredTo: [],
      ringDeadline: 0,
      gen: 0,
      queueGen: 0,
      visitedQueues: [q.cfg.id],
      agentId: a.id,
      answeredAt: restored.answeredAt,
    };
    this.store.saveCall(call);
    a.callId = call.id;
    this.transition(a, 'on-call', 'restored');
  }

  /** Supervisor moves an agent between queues. */
  agentSetSkills(agentId: string, skills: Skills): AcdCommand[] {
    this.begin();
    this.setSkills(this.agent(agentId), skills);
    return this.end();
  }

  agentSetState(agentId: string, req: SetStateRequest): AcdCommand[] {
    this.begin();
    const a = this.agent(agentId);
    switch (a.state) {
      case 'offline':
        if (req.state === 'offline') break;
        for (const q of this.agentQueues[a.seq]) q.loggedIn++;
        a.consecutiveMisses = 0;
        if (req.state === 'ready') this.makeReady(a, true);
        else this.transition(a, 'not-ready', req.reason);
        break;
      case 'ready':
      case 'not-ready':
        if (req.state === 'ready') {
          if (a.state === 'not-ready') {
            a.consecutiveMisses = 0;
            this.makeReady(a, true);
          }
        } else this.leave(a, req);
        break;
      case 'reserved':
        // Being rung: "ready" changes nothing; anything else withdraws the offer (not a miss).
        if (req.state !== 'ready') {
          this.withdrawOffer(a, 'agent-state', false);
          this.leave(a, req);
        }
        break;
      case 'on-call':
        a.pending = req.state === 'ready' ? undefined : req;
        this.store.saveAgent(a);
        break;
      case 'wrap-up':
        a.pending = undefined;
        if (req.state === 'ready') this.endWrapUp(a);
        else this.leave(a, req);
        break;
    }
    return this.end();
  }

  agentLogout(agentId: string, reason?: string): AcdCommand[] {
    return this.agentSetState(agentId, reason === undefined ? { state: 'offline' } : { state: 'offline', reason });
  }

  /** The agent (or the wrap-up form) says they are done: ends wrap-up early. */
  wrapUpDone(agentId: string): AcdCommand[] {
    this.begin();
    const a = this.agent(agentId);
    if (a.state === 'wrap-up') this.endWrapUp(a);
    return this.end();
  }

  // ───────────────────────────── call events ─────────────────────────────

  callArrived(arrival: CallArrival): AcdCommand[] {
    this.begin();
    // A replayed "incoming call" webhook must not create a second call.
    if (this.store.getCall(arrival.callId) || this.recentlyEnded.has(arrival.callId)) return this.end();
    const q = this.queue(arrival.queueId);
    const target = arrival.agentId === undefined ? undefined : this.agent(arrival.agentId);
    const since = arrival.waitingSince !== undefined ? Math.min(arrival.waitingSince, this.t) : this.t;
    const call: CallRecord = {
      id: arrival.callId,
      seq: this.nextCallSeq++,
      queueId: q.cfg.id,
      priority: arrival.priority ?? 0,
      arrivedAt: since,
      enqueuedAt: since,
      status: 'waiting',
      callback: false,
      offeredTo: [],
      ringDeadline: 0,
      gen: 0,
      queueGen: 0,
      visitedQueues: [],
      data: arrival.data,
    };
    if (target && target.state !== 'offline') call.targetAgentId = target.id;
    else if (target) call.seq = this.nextHeadSeq++; // nobody to wait for: the queue's head
    this.store.saveCall(call);
    this.enterQueue(call, q, since, arrival.waitingSince !== undefined);
    return this.end();
  }

  offerAnswered(callId: string, agentId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    const a = this.agent(agentId);
    // The same answer heard twice (the agent leg's callback and the caller's <Dial> action both report it): nothing new.
    if (call?.status === 'connected' && call.agentId === agentId && a.callId === callId) return this.end();
    if (!call || call.status !== 'offered' || a.offerCallId !== callId || !call.offeredTo.includes(agentId)) {
      // Late answer: the call was taken by another agent, timed out or hung up. Drop this leg only.
      this.out.push({ type: 'cancel-offer', callId, agentId, reason: 'not-offered' });
      return this.end();
    }
    const q = this.queue(call.queueId);
    const others = call.offeredTo.filter((id) => id !== agentId);
    call.offeredTo = [];
    call.status = 'connected';
    call.agentId = agentId;
    call.answeredAt = this.t;
    call.gen++;
    a.offerCallId = undefined;
    a.callId = callId;
    a.consecutiveMisses = 0;
    this.stats.agent(a.id, this.t).answered++;
    this.transition(a, 'on-call');
    this.finish(call, q, 'answered');
    for (const id of others) {
      const o = this.agent(id);
      o.offerCallId = undefined;
      this.out.push({ type: 'cancel-offer', callId, agentId: id, reason: 'answered-elsewhere' });
      this.makeReady(o, false);
    }
    return this.end();
  }

  /** Agent rejected the ring: the call goes back to the head of its queue; the agent stays ready. */
  offerDeclined(callId: string, agentId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    const a = this.agent(agentId);
    if (call && call.status === 'offered' && a.offerCallId === callId) {
      this.stats.agent(a.id, this.t).declined++;
      this.withdrawOffer(a, undefined, true);
      this.makeReady(a, false);
    }
    return this.end();
  }

  /** The host saw ring-no-answer before our own ring deadline (e.g. Twilio's dial timeout). */
  offerTimedOut(callId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    if (call && call.status === 'offered') this.ringTimeout(call);
    return this.end();
  }

  /** Caller hung up: abandoned if waiting or being rung; an answered call ends normally. */
  callerHungUp(callId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    if (call) this.hangup(call);
    return this.end();
  }

  /** Alias of callerHungUp for readability on the host side. */
  callAbandoned(callId: string): AcdCommand[] {
    return this.callerHungUp(callId);
  }

  /** A connected call (or a callback task's outbound call) ended: the agent goes to wrap-up. */
  callEnded(callId: string): AcdCommand[] {
    return this.callerHungUp(callId);
  }

  /**
   * A connected call changes hands without a new offer — a consult transfer completed (咨询转接): the
   * agent who had it wraps up for their part, and the colleague who took it (ready or not ready, not
   * on another call) is on it from now on, wraps up when it ends, and is offered nothing meanwhile.
   * The call keeps its one offer and its one answer; talk time is each agent's own part.
   */
  callHandedOver(callId: string, toAgentId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    const to = this.store.getAgent(toAgentId);
    if (!call || call.status !== 'connected' || !to || call.agentId === toAgentId) return this.end();
    if (to.state !== 'ready' && to.state !== 'not-ready') return this.end();
    const q = this.queue(call.queueId);
    const from = call.agentId ? this.store.getAgent(call.agentId) : undefined;
    for (const held of this.agentQueues[to.seq]) held.pool.remove(to);
    call.agentId = toAgentId;
    call.gen++;
    if (from && from.callId === callId && from.state === 'on-call') {
      this.stats.agent(from.id, this.t).talkMs += this.t - (call.answeredAt ?? this.t);
      this.wrapUp(from, q);
    }
    call.answeredAt = this.t; // the colleague's talk time starts now
    this.store.saveCall(call);
    to.callId = callId;
    to.pending = undefined;
    to.wrapUpUntil = undefined;
    this.transition(to, 'on-call');
    return this.end();
  }

  /** A waiting caller hangs up and keeps their place; at the head the engine emits a callback task. */
  requestCallback(callId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    if (call && !call.callback && (call.status === 'waiting' || call.status === 'offered')) {
      call.callback = true;
      call.callbackRequestedAt = this.t;
      if (call.status === 'offered') {
        // Nobody is on the line any more: stop ringing, re-queue at the same place as a callback.
        const ringing = call.offeredTo.slice();
        for (const id of ringing) {
          const o = this.agent(id);
          o.offerCallId = undefined;
          this.out.push({ type: 'cancel-offer', callId, agentId: id, reason: 'caller-hung-up' });
        }
        call.offeredTo = [];
        this.requeue(call);
        for (const id of ringing) this.makeReady(this.agent(id), false);
      } else this.store.saveCall(call);
    }
    return this.end();
  }

  /** Drops a waiting callback request (customer reached us another way, supervisor cancelled). */
  cancelCallback(callId: string): AcdCommand[] {
    this.begin();
    const call = this.store.getCall(callId);
    if (call && call.callback && call.status === 'waiting') {
      const q = this.queue(call.queueId);
      this.removeWaiting(q, call);
      this.finish(call, q, 'abandoned');
    }
    return this.end();
  }

  /** Runs due timers. */
  tick(): AcdCommand[] {
    this.begin();
    return this.end();
  }

  /** Earliest pending timer (ms), or undefined. The host schedules one timer for it. */
  nextDeadline(): number | undefined {
    for (let d = this.deadlines.peek(); d; d = this.deadlines.peek()) {
      if (this.isLive(d)) return d.at;
      this.deadlines.pop();
    }
    return undefined;
  }

  // ───────────────────────────── queries ─────────────────────────────

  getAgent(agentId: string): Readonly<AgentRecord> | undefined {
    return this.store.getAgent(agentId);
  }

  getCall(callId: string): Readonly<CallRecord> | undefined {
    return this.store.getCall(callId);
  }

  agents(): Iterable<Readonly<AgentRecord>> {
    return this.store.agents();
  }

  calls(): Iterable<Readonly<CallRecord>> {
    return this.store.calls();
  }

  queueIds(): string[] {
    return [...this.queues.keys()];
  }

  /** Waiting calls in service order (calls being rung are not waiting). */
  waitingCalls(queueId: string): readonly Readonly<CallRecord>[] {
    return this.queue(queueId).waiting;
  }

  /** Targeted calls waiting for this agent, in service order (see `CallArrival.agentId`). */
  waitingFor(agentId: string): readonly Readonly<CallRecord>[] {
    return this.targeted.get(agentId) ?? [];
  }

  /** Targeted calls of this queue waiting for their named agents (not in `waitingCalls`), oldest first. */
  waitingForAgents(queueId: string): readonly Readonly<CallRecord>[] {
    const calls: CallRecord[] = [];
    for (const list of this.targeted.values()) for (const call of list) if (call.queueId === queueId) calls.push(call);
    return calls.sort((a, b) => a.enqueuedAt - b.enqueuedAt || a.seq - b.seq);
  }

  /** Ready agents of the queue (unordered). */
  readyAgentCount(queueId: string): number {
    return this.queue(queueId).pool.size;
  }

  /** Would the queue offer this call to this agent right now (skill, tier, not refused before)? */
  isEligible(agentId: string, callId: string): boolean {
    const a = this.store.getAgent(agentId);
    const c = this.store.getCall(callId);
    if (!a || !c) return false;
    if (c.targetAgentId !== undefined) return c.targetAgentId === a.id;
    const q = this.queue(c.queueId);
    const level = a.skills[q.cfg.skill];
    if (level === undefined) return false;
    if (c.excluded?.includes(a.id)) return false;
    return level <= this.allowedLevel(q, c);
  }

  /** Per-day figures; the current day's time in the current state is included up to now. */
  agentStats(agentId: string, day?: string): AgentDayStats | undefined {
    const a = this.agent(agentId);
    const now = Math.max(this.t, this.clock.now());
    const days = this.stats.agentDays(agentId);
    const d = day ? days.find((x) => x.day === day) : days[days.length - 1];
    if (!d) return undefined;
    const copy: AgentDayStats = { ...d, stateMs: { ...d.stateMs } };
    // Add the open interval, clipped to that day.
    const dayIdx = this.stats.dayIndexOfLabel(copy.day);
    const from = Math.max(a.stateSince, dayIdx * 86_400_000 - this.offsetMs());
    const to = Math.min(now, (dayIdx + 1) * 86_400_000 - this.offsetMs());
    if (to > from) copy.stateMs[a.state] += to - from;
    return copy;
  }

  queueStats(queueId: string, day?: string): QueueDayStats {
    this.queue(queueId);
    const days = this.stats.queueDays(queueId);
    if (day) return days.find((x) => x.day === day) ?? sumQueueStats([]);
    return { ...sumQueueStats(days), queueId };
  }

  // ───────────────────────────── snapshot ─────────────────────────────

  /** The whole state as plain data (a copy: the engine goes on unaffected). See `AcdSnapshot`. */
  snapshot(): AcdSnapshot {
    const queues = [...this.queues.values()];
    const deadlines: AcdSnapshot['deadlines'] = [];
    for (const d of this.deadlines.ordered()) {
      if (!this.isLive(d)) continue; // a stale deadline never fires again: leaving it out changes nothing
      deadlines.push({ at: d.at, kind: d.kind, id: d.kind === 'wrap-up' ? d.agent.id : d.call.id, gen: d.gen });
    }
    return {
      version: 1,
      t: this.t,
      nextAgentSeq: this.nextAgentSeq,
      nextCallSeq: this.nextCallSeq,
      nextHeadSeq: this.nextHeadSeq,
      offerSeq: this.offerSeq,
      queues: queues.map((q) => ({
        cfg: structuredClone(q.cfg),
        waiting: q.waiting.map((c) => c.id),
        loggedIn: q.loggedIn,
        overflowedIn: q.overflowedIn,
        pool: q.pool.snapshot(),
      })),
      agents: [...this.store.agents()].map((a) => ({ record: structuredClone(a), queues: (this.agentQueues[a.seq] ?? []).map((q) => q.cfg.id) })),
      calls: [...this.store.calls()].map((c) => structuredClone(c)),
      targeted: [...this.targeted.entries()].map(([agentId, calls]): [string, string[]] => [agentId, calls.map((c) => c.id)]),
      deadlines,
      recentlyEnded: { ids: [...this.recentlyEnded], order: this.recentlyEndedOrder.slice(), head: this.recentlyEndedHead },
      stats: this.stats.snapshot(),
    };
  }

  /**
   * An engine holding exactly the state of `snapshot` (taken by `snapshot()`, possibly through JSON):
   * the same events give it the same commands as the engine it was taken from. `opts` as for the
   * constructor, without queues (they come from the snapshot) and with an empty store (or none).
   */
  static fromSnapshot(snapshot: AcdSnapshot, opts: Omit<AcdEngineOptions, 'queues'>): AcdEngine {
    if (snapshot.version !== 1) throw new AcdError(`unknown engine snapshot version ${String(snapshot.version)}`);
    const engine = new AcdEngine({ ...opts, queues: [] });
    engine.load(structuredClone(snapshot));
    return engine;
  }

  private load(s: AcdSnapshot): void {
    if ([...this.store.agents()].length || [...this.store.calls()].length) throw new AcdError('a snapshot loads into an empty store only');
    this.t = s.t;
    this.nextAgentSeq = s.nextAgentSeq;
    this.nextCallSeq = s.nextCallSeq;
    this.nextHeadSeq = s.nextHeadSeq;
    this.offerSeq = s.offerSeq;
    for (const { record } of s.agents) this.store.saveAgent(record);
    for (const c of s.calls) this.store.saveCall(c);
    const call = (id: string) => this.store.getCall(id) ?? fail(`snapshot names call ${id} it does not hold`);
    const agent = (id: string) => this.store.getAgent(id) ?? fail(`snapshot names agent ${id} it does not hold`);
    for (const q of s.queues) {
      const runtime = new QueueRuntime(q.cfg, createPool(q.cfg.strategy, q.cfg.id, this.keySource));
      runtime.waiting.push(...q.waiting.map(call));
      runtime.loggedIn = q.loggedIn;
      runtime.overflowedIn = q.overflowedIn;
      runtime.pool.load(q.pool, agent);
      this.queues.set(q.cfg.id, runtime);
    }
    this.agentQueues = [];
    for (const { record, queues } of s.agents) this.agentQueues[record.seq] = queues.map((id) => this.queue(id));
    for (const [agentId, calls] of s.targeted) this.targeted.set(agentId, calls.map(call));
    for (const d of s.deadlines) {
      this.deadlines.push(
        d.kind === 'wrap-up' ? { at: d.at, kind: d.kind, agent: agent(d.id), gen: d.gen } : { at: d.at, kind: d.kind, call: call(d.id), gen: d.gen },
      );
    }
    for (const id of s.recentlyEnded.ids) this.recentlyEnded.add(id);
    this.recentlyEndedOrder.push(...s.recentlyEnded.order);
    this.recentlyEndedHead = s.recentlyEnded.head;
    this.stats.load(s.stats);
  }

  // ───────────────────────────── internals ─────────────────────────────

  private readonly keySource = {
    answeredToday: (a: AgentRecord) => this.stats.agent(a.id, this.t).answered,
    talkMsToday: (a: AgentRecord) => this.stats.agent(a.id, this.t).talkMs,
  };

  private offsetMs(): number {
    return this.utcOffsetMs;
  }

  private begin(): void {
    this.out = [];
    const now = this.clock.now();
    // Run due timers at their own time so state durations are exact even if the host ticks late.
    for (let d = this.deadlines.peek(); d && d.at <= now; d = this.deadlines.peek()) {
      this.deadlines.pop();
      if (!this.isLive(d)) continue;
      if (d.at > this.t) this.t = d.at;
      this.fire(d);
    }
    if (now > this.t) this.t = now;
  }

  private end(): AcdCommand[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private agent(id: string): AgentRecord {
    const a = this.store.getAgent(id);
    if (!a) throw new AcdError(`unknown agent ${id}`);
    return a;
  }

  private queue(id: string): QueueRuntime {
    const q = this.queues.get(id);
    if (!q) throw new AcdError(`unknown queue ${id}`);
    return q;
  }

  private isLive(d: Deadline): boolean {
    switch (d.kind) {
      case 'ring':
        return d.call.status === 'offered' && d.call.gen === d.gen;
      case 'wrap-up':
        return d.agent.state === 'wrap-up' && d.agent.gen === d.gen;
      // Queue timers stay live while the call is being rung (it may come back to the queue);
      // they act only on a waiting call, and requeue() handles the ones that fell due meanwhile.
      case 'tier':
        return (d.call.status === 'waiting' || d.call.status === 'offered') && d.call.queueGen === d.gen && d.call.nextTierAt === d.at;
      default:
        // A caller waiting for a callback is not on the line: no voicemail, no overflow.
        return (d.call.status === 'waiting' || d.call.status === 'offered') && d.call.queueGen === d.gen && !d.call.callback;
    }
  }

  private fire(d: Deadline): void {
    if (d.kind !== 'ring' && d.kind !== 'wrap-up' && d.call.status !== 'waiting') {
      if (d.kind === 'tier') d.call.nextTierAt = undefined;
      return;
    }
    switch (d.kind) {
      case 'ring':
        this.ringTimeout(d.call);
        break;
      case 'wrap-up':
        this.endWrapUp(d.agent);
        break;
      case 'overflow':
        // A call waiting for a named agent does not move queues; if it falls back, requeue() applies it.
        if (d.call.targetAgentId === undefined) this.overflow(d.call);
        break;
      case 'max-wait':
        this.voicemail(d.call, 'max-wait');
        break;
      case 'tier': {
        const q = this.queue(d.call.queueId);
        d.call.nextTierAt = undefined;
        this.scheduleTier(d.call, q);
        this.dispatchQueue(q);
        break;
      }
    }
  }

  private transition(a: AgentRecord, state: AgentState, reason?: string): void {
    if (this.t > a.stateSince) this.stats.addStateTime(a.id, a.state, a.stateSince, this.t);
    a.state = state;
    a.reason = reason;
    a.stateSince = this.t;
    a.gen++;
    this.store.saveAgent(a);
    this.out.push(
      reason === undefined ? { type: 'agent-state', agentId: a.id, state, at: this.t } : { type: 'agent-state', agentId: a.id, state, reason, at: this.t },
    );
  }

  private setSkills(a: AgentRecord, skills: Skills): void {
    const wasReady = a.state === 'ready';
    for (const q of this.agentQueues[a.seq]) {
      q.pool.remove(a);
      if (a.state !== 'offline') q.loggedIn--;
    }
    a.skills = { ...skills };
    const qs: QueueRuntime[] = [];
    for (const q of this.queues.values()) if (a.skills[q.cfg.skill] !== undefined) qs.push(q);
    this.agentQueues[a.seq] = qs;
    if (a.state !== 'offline') for (const q of qs) q.loggedIn++;
    this.store.saveAgent(a);
    if (wasReady) this.seekWork(a);
  }

  /** Agent becomes ready: take the best waiting call at once, else join the ready pools. */
  private makeReady(a: AgentRecord, resetIdle: boolean): void {
    if (resetIdle) a.idleSince = this.t;
    if (a.state !== 'ready') this.transition(a, 'ready');
    this.seekWork(a);
  }

  private seekWork(a: AgentRecord): void {
    let best: CallRecord | undefined;
    let bestQ: QueueRuntime | undefined;
    for (const q of this.agentQueues[a.seq]) {
      if (q.waiting.length === 0) continue;
      const c = this.firstEligibleCall(q, a);
      if (c && (!best || before(c, best))) {
        best = c;
        bestQ = q;
      }
    }
    const mine = this.targeted.get(a.id);
    if (mine && mine.length > 0 && (!best || before(mine[0], best))) {
      best = mine[0];
      bestQ = this.queue(best.queueId);
    }
    if (best && bestQ) this.assign(best, bestQ, [a]);
    else for (const q of this.agentQueues[a.seq]) q.pool.add(a, a.skills[q.cfg.skill]);
  }

  private firstEligibleCall(q: QueueRuntime, a: AgentRecord): CallRecord | undefined {
    const level = a.skills[q.cfg.skill];
    const w = q.waiting;
    const tiered = q.cfg.strategy === 'skill-tiers';
    for (let i = 0; i < w.length;) {
      const c = w[i];
      if (tiered && level > this.allowedLevel(q, c)) {
        // Later calls of the same priority waited less, so their tier is no wider.
        i = q.overflowedIn === 0 ? this.nextPriorityGroup(w, i) : i + 1;
        continue;
      }
      if (c.excluded && c.excluded.includes(a.id)) {
        i++;
        continue;
      }
      return c;
    }
    return undefined;
  }

  private nextPriorityGroup(w: CallRecord[], i: number): number {
    const p = w[i].priority;
    let lo = i + 1;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid].priority === p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Offer waiting calls of q to its ready agents until one side runs out. */
  private dispatchQueue(q: QueueRuntime): void {
    const w = q.waiting;
    const tiered = q.cfg.strategy === 'skill-tiers';
    const ringAll = q.cfg.strategy === 'ring-all';
    let i = 0;
    while (i < w.length && q.pool.size > 0) {
      const c = w[i];
      const maxLevel = tiered ? this.allowedLevel(q, c) : Infinity;
      if (ringAll && !c.callback) {
        const agents = q.pool.all(maxLevel, c.excluded);
        if (agents.length > 0) {
          this.assign(c, q, agents);
          continue;
        }
      } else {
        const a = q.pool.pick(maxLevel, c.excluded);
        if (a) {
          this.assign(c, q, [a]);
          continue;
        }
      }
      i = tiered && q.overflowedIn === 0 && !(c.excluded && c.excluded.length) ? this.nextPriorityGroup(w, i) : i + 1;
    }
  }

  private allowedLevel(q: QueueRuntime, c: CallRecord): number {
    if (q.cfg.strategy !== 'skill-tiers') return Infinity;
    const widen = q.cfg.tierWidenSeconds * 1000;
    if (widen <= 0) return Infinity;
    const level = 1 + Math.floor((this.t - c.enqueuedAt) / widen);
    return level >= MAX_TIER ? Infinity : level;
  }

  private scheduleTier(c: CallRecord, q: QueueRuntime): void {
    if (q.cfg.strategy !== 'skill-tiers' || q.cfg.tierWidenSeconds <= 0 || c.targetAgentId !== undefined) return;
    const level = this.allowedLevel(q, c);
    if (level >= MAX_TIER) return;
    const at = c.enqueuedAt + level * q.cfg.tierWidenSeconds * 1000;
    if (c.nextTierAt === at) return; // already scheduled
    c.nextTierAt = at;
    this.deadlines.push({ at, kind: 'tier', call: c, gen: c.queueGen });
  }

  /**
   * Calls that overflowed in or fell back from a target sit out of entry order (their place does not
   * follow their time in the queue); the tier scan may skip a priority group only while there are none.
   */
  private outOfEntryOrder(c: CallRecord): boolean {
    return c.visitedQueues.length > 1 || c.seq < 0;
  }

  /** The list a waiting call is in: its queue's, or its target agent's. */
  private waitingList(q: QueueRuntime, c: CallRecord): CallRecord[] {
    if (c.targetAgentId === undefined) return q.waiting;
    let list = this.targeted.get(c.targetAgentId);
    if (!list) this.targeted.set(c.targetAgentId, (list = []));
    return list;
  }

  private removeWaiting(q: QueueRuntime, c: CallRecord): void {
    const w = this.waitingList(q, c);
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(w[mid], c)) lo = mid + 1;
      else hi = mid;
    }
    if (w[lo] !== c) throw new AcdError(`call ${c.id} not waiting in ${q.cfg.id}`);
    if (w === q.waiting && this.outOfEntryOrder(c)) q.overflowedIn--;
    if (lo === 0) w.shift();
    else w.splice(lo, 1);
  }

  private insertWaiting(q: QueueRuntime, c: CallRecord): void {
    const w = this.waitingList(q, c);
    if (w === q.waiting && this.outOfEntryOrder(c)) q.overflowedIn++;
    if (w.length === 0 || before(w[w.length - 1], c)) {
      w.push(c);
      return;
    }
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(w[mid], c)) lo = mid + 1;
      else hi = mid;
    }
    w.splice(lo, 0, c);
  }

  /** Offer c to the agents (one, or several for ring-all), or hand a callback task to one. */
  private assign(c: CallRecord, q: QueueRuntime, agents: AgentRecord[]): void {
    this.removeWaiting(q, c);
    for (const a of agents) for (const aq of this.agentQueues[a.seq]) aq.pool.remove(a);
    if (c.callback) {
      const a = agents[0];
      c.status = 'connected';
      c.agentId = a.id;
      c.answeredAt = this.t;
      c.gen++;
      a.callId = c.id;
      this.stats.agent(a.id, this.t).callbacks++;
      this.transition(a, 'on-call', 'callback');
      this.out.push({
        type: 'callback-task',
        task: {
          callId: c.id,
          queueId: q.cfg.id,
          agentId: a.id,
          priority: c.priority,
          arrivedAt: c.arrivedAt,
          requestedAt: c.callbackRequestedAt ?? c.arrivedAt,
          data: c.data,
        },
      });
      this.finish(c, q, 'callback');
      return;
    }
    c.status = 'offered';
    c.gen++;
    c.ringDeadline = this.t + q.cfg.ringSeconds * 1000;
    c.offeredTo = agents.map((a) => a.id);
    const seq = ++this.offerSeq;
    for (const a of agents) {
      a.offerCallId = c.id;
      a.lastOfferSeq[q.cfg.id] = seq;
      this.stats.agent(a.id, this.t).offered++;
      this.transition(a, 'reserved');
    }
    this.store.saveCall(c);
    this.deadlines.push({ at: c.ringDeadline, kind: 'ring', call: c, gen: c.gen });
    if (agents.length === 1 && (q.cfg.strategy !== 'ring-all' || c.targetAgentId !== undefined))
      this.out.push({ type: 'offer', callId: c.id, agentId: agents[0].id, queueId: q.cfg.id, ringDeadline: c.ringDeadline });
    else this.out.push({ type: 'ring-all', callId: c.id, agentIds: c.offeredTo.slice(), queueId: q.cfg.id, ringDeadline: c.ringDeadline });
  }

  /** `restored`: the caller was already waiting (before a host restart), so nobody being signed in yet does not turn them away. */
  private enterQueue(c: CallRecord, q: QueueRuntime, since = this.t, restored = false): void {
    c.queueId = q.cfg.id;
    c.enqueuedAt = since;
    c.queueGen++;
    c.nextTierAt = undefined;
    c.status = 'waiting';
    c.visitedQueues.push(q.cfg.id);
    this.stats.queue(q.cfg.id, this.t).offered++;
    if (c.targetAgentId === undefined && !restored && !q.cfg.joinWhenNoAgents && q.loggedIn === 0) {
      if (q.cfg.overflow) this.overflow(c, true);
      else this.voicemail(c, 'no-agents', true);
      return;
    }
    this.insertWaiting(q, c);
    this.store.saveCall(c);
    const base = since;
    if (q.cfg.maxWaitSeconds !== undefined) this.deadlines.push({ at: base + q.cfg.maxWaitSeconds * 1000, kind: 'max-wait', call: c, gen: c.queueGen });
    if (q.cfg.overflow) this.deadlines.push({ at: base + q.cfg.overflow.afterSeconds * 1000, kind: 'overflow', call: c, gen: c.queueGen });
    this.scheduleTier(c, q);
    this.dispatch(c, q);
  }

  /** A call just started waiting: a targeted one rings its agent if ready; any other, the queue's agents. */
  private dispatch(c: CallRecord, q: QueueRuntime): void {
    if (c.targetAgentId === undefined) {
      this.dispatchQueue(q);
      return;
    }
    const a = this.agent(c.targetAgentId);
    if (a.state === 'ready') this.assign(c, q, [a]);
  }

  /** A targeted call its agent missed or declined, or who logged out: to its queue for anyone, at the head. */
  private releaseTarget(c: CallRecord): void {
    c.targetAgentId = undefined;
    c.seq = this.nextHeadSeq++;
  }

  /** The agent logged out: the calls waiting for them fall back to their queues. */
  private releaseTargetedCalls(a: AgentRecord): void {
    const list = this.targeted.get(a.id);
    if (!list || list.length === 0) return;
    for (const c of list.slice()) {
      this.removeWaiting(this.queue(c.queueId), c);
      this.requeue(c);
    }
  }

  /** Back to its place in the queue after an unanswered offer (unless its time there is up). */
  private requeue(c: CallRecord): void {
    const q = this.queue(c.queueId);
    c.status = 'waiting';
    c.gen++;
    if (c.targetAgentId !== undefined && (c.excluded?.includes(c.targetAgentId) || this.agent(c.targetAgentId).state === 'offline')) this.releaseTarget(c);
    this.store.saveCall(c);
    if (!c.callback) {
      const waited = this.t - c.enqueuedAt;
      if (q.cfg.maxWaitSeconds !== undefined && waited >= q.cfg.maxWaitSeconds * 1000) {
        this.voicemail(c, 'max-wait', true);
        return;
      }
      if (c.targetAgentId === undefined && q.cfg.overflow && waited >= q.cfg.overflow.afterSeconds * 1000) {
        this.overflow(c, true);
        return;
      }
    }
    this.insertWaiting(q, c);
    this.scheduleTier(c, q); // a widening that fell due while it was ringing was dropped
    this.dispatch(c, q);
  }

  /** Remove agent a from the offer of its call; re-queue the call if nobody else is ringing. */
  private withdrawOffer(a: AgentRecord, reason: 'agent-state' | undefined, exclude: boolean): void {
    const c = a.offerCallId ? this.store.getCall(a.offerCallId) : undefined;
    a.offerCallId = undefined;
    if (!c) return;
    c.offeredTo = c.offeredTo.filter((id) => id !== a.id);
    if (exclude) (c.excluded ??= []).push(a.id);
    if (reason) this.out.push({ type: 'cancel-offer', callId: c.id, agentId: a.id, reason });
    if (c.offeredTo.length === 0) this.requeue(c);
    else this.store.saveCall(c);
  }

  private ringTimeout(c: CallRecord): void {
    const q = this.queue(c.queueId);
    const ringing = c.offeredTo.slice();
    const ringAll = ringing.length > 1 || (q.cfg.strategy === 'ring-all' && c.targetAgentId === undefined);
    c.offeredTo = [];
    const toReady: AgentRecord[] = [];
    for (const id of ringing) {
      const a = this.agent(id);
      a.offerCallId = undefined;
      this.out.push({ type: 'cancel-offer', callId: c.id, agentId: id, reason: 'timeout' });
      if (ringAll) {
        toReady.push(a);
        continue;
      }
      // A single offer nobody picked up: count the miss, keep this agent off this call.
      this.stats.agent(id, this.t).missed++;
      a.consecutiveMisses++;
      (c.excluded ??= []).push(id);
      if (a.consecutiveMisses >= this.maxMisses) {
        a.consecutiveMisses = 0;
        this.leave(a, { state: 'not-ready', reason: 'missed-call' });
      } else toReady.push(a);
    }
    if (ringAll) {
      // Put the whole group back in the pools first, so the re-queued call rings all of them
      // again, not just whoever happened to be released first.
      for (const a of toReady) {
        this.transition(a, 'ready');
        // One with calls kept for them looks for work below instead (theirs may come first).
        if (this.targeted.get(a.id)?.length) continue;
        for (const q2 of this.agentQueues[a.seq]) q2.pool.add(a, a.skills[q2.cfg.skill]);
      }
      this.requeue(c);
      for (const a of toReady) {
        if (a.state !== 'ready') continue;
        for (const q2 of this.agentQueues[a.seq]) q2.pool.remove(a);
        this.seekWork(a);
      }
      return;
    }
    this.requeue(c);
    for (const a of toReady) this.makeReady(a, false);
  }

  /** Ready / reserved / wrap-up / not-ready agent goes not-ready or offline. */
  private leave(a: AgentRecord, req: SetStateRequest): void {
    for (const q of this.agentQueues[a.seq]) q.pool.remove(a);
    a.callId = undefined; // wrap-up cut short
    a.wrapUpUntil = undefined;
    if (req.state === 'offline') {
      for (const q of this.agentQueues[a.seq]) q.loggedIn--;
      a.pending = undefined;
      this.transition(a, 'offline', req.reason);
      this.releaseTargetedCalls(a);
    } else if (req.state === 'not-ready') {
      a.idleSince = this.t;
      this.transition(a, 'not-ready', req.reason);
    }
  }

  private endWrapUp(a: AgentRecord): void {
    a.callId = undefined;
    a.wrapUpUntil = undefined;
    const p = a.pending;
    a.pending = undefined;
    if (p && p.state !== 'ready') this.leave(a, p);
    else this.makeReady(a, true);
  }

  private hangup(c: CallRecord): void {
    const q = this.queue(c.queueId);
    switch (c.status) {
      case 'waiting':
        if (c.callback) return; // the caller left on purpose; their place is kept
        this.removeWaiting(q, c);
        this.finish(c, q, 'abandoned');
        return;
      case 'offered': {
        const ringing = c.offeredTo.slice();
        c.offeredTo = [];
        this.finish(c, q, 'abandoned');
        // Release the rung agents: the failure "agent left reserved after the caller hung up".
        for (const id of ringing) {
          const a = this.agent(id);
          a.offerCallId = undefined;
          this.out.push({ type: 'cancel-offer', callId: c.id, agentId: id, reason: 'caller-hung-up' });
          this.makeReady(a, false);
        }
        return;
      }
      case 'connected': {
        c.status = 'ended';
        c.gen++;
        this.forget(c);
        const a = c.agentId ? this.store.getAgent(c.agentId) : undefined;
        if (!a || a.callId !== c.id || a.state !== 'on-call') return;
        this.stats.agent(a.id, this.t).talkMs += this.t - (c.answeredAt ?? this.t);
        this.wrapUp(a, q);
        return;
      }
      case 'ended':
        return;
    }
  }

  /** The agent's part of a call is over: wrap-up for the queue's wrapUpSeconds, then ready (or what they chose meanwhile). */
  private wrapUp(a: AgentRecord, q: QueueRuntime): void {
    const wrap = q.cfg.wrapUpSeconds;
    if (wrap > 0) {
      a.wrapUpUntil = this.t + wrap * 1000;
      this.transition(a, 'wrap-up');
      this.deadlines.push({ at: a.wrapUpUntil, kind: 'wrap-up', agent: a, gen: a.gen });
    } else this.endWrapUp(a);
  }

  private overflow(c: CallRecord, alreadyOut = false): void {
    const q = this.queue(c.queueId);
    const target = q.cfg.overflow!.target;
    const next = this.queues.get(target);
    if (!alreadyOut) this.removeWaiting(q, c);
    if (next && !c.visitedQueues.includes(target)) {
      this.stats.queue(q.cfg.id, this.t).overflowed++;
      this.out.push({ type: 'overflow', callId: c.id, fromQueueId: q.cfg.id, target, internal: true });
      this.enterQueue(c, next);
      return;
    }
    this.out.push({ type: 'overflow', callId: c.id, fromQueueId: q.cfg.id, target, internal: false });
    this.finish(c, q, 'overflowed');
  }

  private voicemail(c: CallRecord, reason: 'max-wait' | 'no-agents', alreadyOut = false): void {
    const q = this.queue(c.queueId);
    if (!alreadyOut) this.removeWaiting(q, c);
    this.out.push({ type: 'voicemail', callId: c.id, queueId: q.cfg.id, reason });
    this.finish(c, q, 'voicemail');
  }

  /** The one place a call's outcome is recorded (and counted). */
  private finish(c: CallRecord, q: QueueRuntime, outcome: CallOutcome): void {
    if (c.outcome) throw new AcdError(`call ${c.id} already ended as ${c.outcome}`);
    c.outcome = outcome;
    const s = this.stats.queue(q.cfg.id, this.t);
    const wait = this.t - c.enqueuedAt;
    switch (outcome) {
      case 'answered':
      case 'callback':
        if (outcome === 'answered') {
          s.answered++;
          if (wait <= q.cfg.serviceLevelSeconds * 1000) s.answeredWithinServiceLevel++;
        } else s.callbacks++;
        s.totalWaitMs += wait;
        if (wait > s.maxWaitMs) s.maxWaitMs = wait;
        this.store.saveCall(c);
        break;
      case 'abandoned':
        s.abandoned++;
        s.totalAbandonWaitMs += wait;
        break;
      case 'overflowed':
        s.overflowed++;
        break;
      case 'voicemail':
        s.voicemail++;
        break;
    }
    this.stats.outcomes[outcome]++;
    if (outcome !== 'answered' && outcome !== 'callback') {
      c.status = 'ended';
      c.gen++;
      this.forget(c);
    }
    this.out.push({ type: 'call-outcome', callId: c.id, queueId: q.cfg.id, outcome, at: this.t });
  }

  private forget(c: CallRecord): void {
    this.store.deleteCall(c.id);
    const RECENT = 10_000;
    this.recentlyEnded.add(c.id);
    if (this.recentlyEndedOrder.length < RECENT) this.recentlyEndedOrder.push(c.id);
    else {
      this.recentlyEnded.delete(this.recentlyEndedOrder[this.recentlyEndedHead]);
      this.recentlyEndedOrder[this.recentlyEndedHead] = c.id;
      this.recentlyEndedHead = (this.recentlyEndedHead + 1) % RECENT;
    }
  }

  /** After fail-over: rebuild pools, waiting lists and timers from the store's records. */
  private rebuildFromStore(): void {
    for (const a of this.store.agents()) {
      this.nextAgentSeq = Math.max(this.nextAgentSeq, a.seq + 1);
      const qs: QueueRuntime[] = [];
      for (const q of this.queues.values()) if (a.skills[q.cfg.skill] !== undefined) qs.push(q);
      this.agentQueues[a.seq] = qs;
      if (a.state !== 'offline') for (const q of qs) q.loggedIn++;
      if (a.state === 'ready') for (const q of qs) q.pool.add(a, a.skills[q.cfg.skill]);
      if (a.state === 'wrap-up' && a.wrapUpUntil !== undefined) this.deadlines.push({ at: a.wrapUpUntil, kind: 'wrap-up', agent: a, gen: a.gen });
    }
    for (const c of this.store.calls()) {
      this.nextCallSeq = Math.max(this.nextCallSeq, c.seq + 1);
      if (c.seq < 0) this.nextHeadSeq = Math.max(this.nextHeadSeq, c.seq + 1);
      const q = this.queues.get(c.queueId);
      if (!q) continue;
      if (c.status === 'waiting') {
        this.insertWaiting(q, c);
        if (q.cfg.maxWaitSeconds !== undefined)
          this.deadlines.push({ at: c.enqueuedAt + q.cfg.maxWaitSeconds * 1000, kind: 'max-wait', call: c, gen: c.queueGen });
        if (q.cfg.overflow) this.deadlines.push({ at: c.enqueuedAt + q.cfg.overflow.afterSeconds * 1000, kind: 'overflow', call: c, gen: c.queueGen });
        c.nextTierAt = undefined;
        this.scheduleTier(c, q);
      } else if (c.status === 'offered') {
        this.deadlines.push({ at: c.ringDeadline, kind: 'ring', call: c, gen: c.gen });
      }
    }
  }
}
