/** Per-agent and per-queue figures, cut by day. Every counter is bumped in exactly one place in the engine. */
import { AGENT_STATES, AgentState, CallOutcome } from './types';

const DAY_MS = 86_400_000;

export interface AgentDayStats {
  agentId: string;
  /** YYYY-MM-DD in the engine's UTC offset. */
  day: string;
  offered: number;
  answered: number;
  missed: number;
  declined: number;
  callbacks: number;
  talkMs: number;
  /** Milliseconds spent in each state this day (closed intervals only; see AcdEngine.agentStats). */
  stateMs: Record<AgentState, number>;
}

export interface QueueDayStats {
  queueId: string;
  day: string;
  /** Calls that entered the queue (overflowed-in calls count in their new queue too). */
  offered: number;
  answered: number;
  answeredWithinServiceLevel: number;
  abandoned: number;
  overflowed: number;
  voicemail: number;
  callbacks: number;
  /** Sum of waits (entering this queue → answer / callback task) of answered and callback calls. */
  totalWaitMs: number;
  totalAbandonWaitMs: number;
  maxWaitMs: number;
}

export function emptyStateMs(): Record<AgentState, number> {
  const r = {} as Record<AgentState, number>;
  for (const s of AGENT_STATES) r[s] = 0;
  return r;
}

export function dayLabel(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

class DayBook<T> {
  private days = new Map<number, T>();
  private lastDay = NaN;
  private last: T | undefined;
  constructor(private readonly make: (day: number) => T) {}
  get(day: number): T {
    if (day === this.lastDay && this.last) return this.last;
    let v = this.days.get(day);
    if (!v) {
      v = this.make(day);
      this.days.set(day, v);
    }
    this.lastDay = day;
    this.last = v;
    return v;
  }
  peek(day: number): T | undefined {
    return this.days.get(day);
  }
  all(): T[] {
    return [...this.days.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }
  /** Days as kept (day index, figures), for a snapshot. */
  entries(): [number, T][] {
    return [...this.days.entries()];
  }
  load(entries: [number, T][]): void {
    this.days = new Map(entries);
    this.lastDay = NaN;
    this.last = undefined;
  }
}

/** Every figure kept, by agent and queue and day (in the order they were first counted), and the outcomes. */
export interface StatsSnapshot {
  agents: [string, [number, AgentDayStats][]][];
  queues: [string, [number, QueueDayStats][]][];
  outcomes: Record<CallOutcome, number>;
}

export class AcdStats {
  private readonly offsetMs: number;
  private agents = new Map<string, DayBook<AgentDayStats>>();
  private queues = new Map<string, DayBook<QueueDayStats>>();
  /** Terminal outcome of every call, counted once. */
  readonly outcomes: Record<CallOutcome, number> = { answered: 0, abandoned: 0, overflowed: 0, callback: 0, voicemail: 0 };

  constructor(utcOffsetMinutes = 0) {
    this.offsetMs = utcOffsetMinutes * 60_000;
  }

  snapshot(): StatsSnapshot {
    return structuredClone({
      agents: [...this.agents.entries()].map(([id, book]): [string, [number, AgentDayStats][]] => [id, book.entries()]),
      queues: [...this.queues.entries()].map(([id, book]): [string, [number, QueueDayStats][]] => [id, book.entries()]),
      outcomes: this.outcomes,
    });
  }

  /** Replaces every figure with a snapshot's (taken by `snapshot`, with the same UTC offset). */
  load(snapshot: StatsSnapshot): void {
    const copy = structuredClone(snapshot);
    this.agents = new Map();
    this.queues = new Map();
    for (const [id, days] of copy.agents) this.agentBook(id).load(days);
    for (const [id, days] of copy.queues) this.queueBook(id).load(days);
    Object.assign(this.outcomes, copy.outcomes);
  }

  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetMs) / DAY_MS);
  }

  dayIndexOfLabel(day: string): number {
    return Math.floor(Date.parse(day + 'T00:00:00Z') / DAY_MS);
  }

  agent(agentId: string, at: number): AgentDayStats {
    return this.agentBook(agentId).get(this.dayOf(at));
  }

  queue(queueId: string, at: number): QueueDayStats {
    return this.queueBook(queueId).get(this.dayOf(at));
  }

  agentDays(agentId: string): AgentDayStats[] {
    return this.agents.get(agentId)?.all() ?? [];
  }

  queueDays(queueId: string): QueueDayStats[] {
    return this.queues.get(queueId)?.all() ?? [];
  }

  /** Adds [from, to) to `state`, split at day boundaries. */
  addStateTime(agentId: string, state: AgentState, from: number, to: number): void {
    const book = this.agentBook(agentId);
    while (from < to) {
      const day = this.dayOf(from);
      const dayEnd = (day + 1) * DAY_MS - this.offsetMs;
      const end = Math.min(to, dayEnd);
      book.get(day).stateMs[state] += end - from;
      from = end;
    }
  }

  private agentBook(agentId: string): DayBook<AgentDayStats> {
    let b = this.agents.get(agentId);
    if (!b) {
      b = new DayBook((day) => ({
        agentId,
        day: dayLabel(day),
        offered: 0,
        answered: 0,
        missed: 0,
        declined: 0,
        callbacks: 0,
        talkMs: 0,
        stateMs: emptyStateMs(),
      }));
      this.agents.set(agentId, b);
    }
    return b;
  }

  private queueBook(queueId: string): DayBook<QueueDayStats> {
    let b = this.queues.get(queueId);
    if (!b) {
      b = new DayBook((day) => emptyQueueDayStats(queueId, dayLabel(day)));
      this.queues.set(queueId, b);
    }
    return b;
  }
}

/** A queue's figures before its first call of the day. */
export function emptyQueueDayStats(queueId: string, day: string): QueueDayStats {
  return {
    queueId,
    day,
    offered: 0,
    answered: 0,
    answeredWithinServiceLevel: 0,
    abandoned: 0,
    overflowed: 0,
    voicemail: 0,
    callbacks: 0,
    totalWaitMs: 0,
    totalAbandonWaitMs: 0,
    maxWaitMs: 0,
  };
}

/** Sums day records (e.g. a whole simulation run). */
export function sumQueueStats(days: QueueDayStats[]): Omit<QueueDayStats, 'day'> & { day: string } {
  const t = emptyQueueDayStats(days[0]?.queueId ?? '', 'all');
  for (const d of days) {
    t.offered += d.offered;
    t.answered += d.answered;
    t.answeredWithinServiceLevel += d.answeredWithinServiceLevel;
    t.abandoned += d.abandoned;
    t.overflowed += d.overflowed;
    t.voicemail += d.voicemail;
    t.callbacks += d.callbacks;
    t.totalWaitMs += d.totalWaitMs;
    t.totalAbandonWaitMs += d.totalAbandonWaitMs;
    t.maxWaitMs = Math.max(t.maxWaitMs, d.maxWaitMs);
  }
  return t;
}
