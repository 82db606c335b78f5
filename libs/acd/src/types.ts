/** Domain types and the command union the engine emits. Times are epoch milliseconds. */

export type AgentState = 'offline' | 'ready' | 'reserved' | 'on-call' | 'wrap-up' | 'not-ready';
export const AGENT_STATES: readonly AgentState[] = ['offline', 'ready', 'reserved', 'on-call', 'wrap-up', 'not-ready'];

/** Free text so hosts can add their own; these are the ones the engine itself uses or expects. */
export type NotReadyReason = 'break' | 'meal' | 'training' | 'missed-call' | 'login' | (string & {});

export type Strategy = 'longest-idle' | 'fewest-calls' | 'least-talk-time' | 'round-robin' | 'skill-tiers' | 'ring-all';

/** skill id → level (1 = best). */
export type Skills = Record<string, number>;

export interface QueueConfig {
  id: string;
  /** Skill an agent needs to serve this queue; defaults to the queue id. */
  skill?: string;
  strategy?: Strategy;
  /** Seconds an agent stays in wrap-up after a call of this queue (0 = straight back to ready). */
  wrapUpSeconds?: number;
  /** Ring timeout of one offer. Default 15 s: three rings of the Chinese cadence. */
  ringSeconds?: number;
  /** After this many seconds in the queue the call goes to voicemail. */
  maxWaitSeconds?: number;
  /** After `afterSeconds` in this queue the call moves to `target` (a queue id, or an external target). */
  overflow?: { afterSeconds: number; target: string };
  /** Service-level threshold, default 20 s. */
  serviceLevelSeconds?: number;
  /** May callers join when no agent with the skill is logged in? Default true. */
  joinWhenNoAgents?: boolean;
  /** skill-tiers: widen by one level every `tierWidenSeconds` (default 10); highest level tried (default 3). */
  tierWidenSeconds?: number;
  maxTierLevel?: number;
}

export interface EngineOptions {
  /** Consecutive ring-no-answers before the agent goes not-ready (missed-call). Default 1. */
  maxConsecutiveMisses?: number;
  /** Offset from UTC used to cut "days" for per-day figures (e.g. 480 for China). Default 0. */
  utcOffsetMinutes?: number;
}

export type CallOutcome = 'answered' | 'abandoned' | 'overflowed' | 'callback' | 'voicemail';

export interface CallbackTask {
  callId: string;
  queueId: string;
  agentId: string;
  priority: number;
  arrivedAt: number;
  requestedAt: number;
  /** Whatever the host attached at callArrived (caller number, work order…). */
  data?: unknown;
}

/** What the host must do. Discriminated on `type`. */
export type AcdCommand =
  | { type: 'offer'; callId: string; agentId: string; queueId: string; ringDeadline: number }
  | { type: 'ring-all'; callId: string; agentIds: string[]; queueId: string; ringDeadline: number }
  | {
      type: 'cancel-offer';
      callId: string;
      agentId: string;
      reason: 'answered-elsewhere' | 'caller-hung-up' | 'agent-state' | 'timeout' | 'not-offered';
    }
  | { type: 'callback-task'; task: CallbackTask }
  | { type: 'overflow'; callId: string; fromQueueId: string; target: string; internal: boolean }
  | { type: 'voicemail'; callId: string; queueId: string; reason: 'max-wait' | 'no-agents' }
  | { type: 'agent-state'; agentId: string; state: AgentState; reason?: string; at: number }
  | { type: 'call-outcome'; callId: string; queueId: string; outcome: CallOutcome; at: number };

/** `offline` may say why (logout, disconnect, …): the host's state log keeps it. */
export type SetStateRequest = { state: 'ready' } | { state: 'not-ready'; reason: NotReadyReason } | { state: 'offline'; reason?: string };

export class AcdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcdError';
  }
}

/** Injected clock; the engine never reads the system time. */
export interface Clock {
  now(): number;
}
