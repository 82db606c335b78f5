/**
 * Where the engine's records live. The engine mutates records it got from the store and then
 * hands them back with save*(); decision code (strategies, matching) never sees the store.
 *
 * The embedded default keeps references in Maps, so save*() is free. A Redis-backed store for
 * several processes would be a synchronous local replica with write-behind to Redis plus a
 * leader lock (one process routes, the others forward events); after fail-over the new leader
 * builds `new AcdEngine({ store })`, which rebuilds its indexes from the records.
 */
import type { AgentState, CallOutcome, SetStateRequest, Skills } from './types';

export interface AgentRecord {
  readonly id: string;
  /** Dense integer for index structures. */
  readonly seq: number;
  skills: Skills;
  state: AgentState;
  reason?: string;
  stateSince: number;
  /** When the agent last became idle (ready after work / not-ready); longest-idle orders by it. */
  idleSince: number;
  /** Call being offered to this agent (state reserved). */
  offerCallId?: string;
  /** Call the agent is on or wrapping up. */
  callId?: string;
  wrapUpUntil?: number;
  consecutiveMisses: number;
  /** State requested during a call, applied when call and wrap-up end. */
  pending?: SetStateRequest;
  /** Bumped on every transition; timers carry it so a stale one does nothing. */
  gen: number;
  /** Round-robin memory: queue id → sequence number of the last offer from that queue. */
  lastOfferSeq: Record<string, number>;
}

export type CallStatus = 'waiting' | 'offered' | 'connected' | 'ended';

export interface CallRecord {
  readonly id: string;
  /**
   * Global arrival order: FIFO within a priority, kept across overflow and re-queue. A targeted
   * call that falls back to its queue gets a place ahead of every arrival (negative, FIFO among
   * such fall-backs): it is served first within its priority.
   */
  seq: number;
  queueId: string;
  priority: number;
  arrivedAt: number;
  enqueuedAt: number;
  status: CallStatus;
  callback: boolean;
  callbackRequestedAt?: number;
  offeredTo: string[];
  ringDeadline: number;
  /** Agents who declined or missed this call; they are not offered it again. */
  excluded?: string[];
  agentId?: string;
  answeredAt?: number;
  outcome?: CallOutcome;
  /** Bumped on every status change (ring timers carry it). */
  gen: number;
  /** Bumped on entering a queue (overflow / max-wait / tier timers carry it). */
  queueGen: number;
  visitedQueues: string[];
  /** skill-tiers: when the next widening is scheduled. */
  nextTierAt?: number;
  /**
   * A targeted call (e.g. transferred to a named agent): only this agent may be offered it. Cleared
   * when the call falls back to its queue for anyone (the agent missed or declined it, or logged out).
   */
  targetAgentId?: string;
  data?: unknown;
}

export interface AcdStateStore {
  getAgent(id: string): AgentRecord | undefined;
  saveAgent(agent: AgentRecord): void;
  agents(): Iterable<AgentRecord>;
  getCall(id: string): CallRecord | undefined;
  saveCall(call: CallRecord): void;
  deleteCall(id: string): void;
  calls(): Iterable<CallRecord>;
}

export class InMemoryStateStore implements AcdStateStore {
  private readonly agentMap = new Map<string, AgentRecord>();
  private readonly callMap = new Map<string, CallRecord>();

  getAgent(id: string): AgentRecord | undefined {
    return this.agentMap.get(id);
  }
  saveAgent(agent: AgentRecord): void {
    this.agentMap.set(agent.id, agent);
  }
  agents(): Iterable<AgentRecord> {
    return this.agentMap.values();
  }
  getCall(id: string): CallRecord | undefined {
    return this.callMap.get(id);
  }
  saveCall(call: CallRecord): void {
    this.callMap.set(call.id, call);
  }
  deleteCall(id: string): void {
    this.callMap.delete(id);
  }
  calls(): Iterable<CallRecord> {
    return this.callMap.values();
  }
}
