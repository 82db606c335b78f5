/**
 * The agent's own events on /softphone (`state`, `snapshot`, `offer`, `call-connected`). Types only, with no
 * imports: the React softphone (web/src/pages/softphone) reads the same declarations.
 */

/** Today's figures of one agent, shown on the softphone's state bar. */
export interface AgentCounters {
  offered: number;
  answered: number;
  missed: number;
  /** Average talk time of answered calls, seconds (null before the first). */
  averageHandleSeconds: number | null;
}

export interface AgentStateEvent {
  jobNumber: string;
  state: string;
  reason: string | null;
  since: string;
  counters: AgentCounters;
}

export interface OfferEvent {
  callSid: string;
  from: string;
  queue: string;
  priority: number;
  waitedSeconds: number;
  /** When the offer stops ringing (ISO) — the page counts three rings down to the Dial's timeout. */
  ringDeadline: string;
  ringSeconds: number;
  ringCadenceSeconds: number;
}

export interface CallEvent {
  callSid: string;
  from: string;
  queue: string | null;
  connectedAt: string | null;
}

/** On connect and reconnect: the agent's state, the offer ringing now, the connected (or wrapping-up) call. */
export interface SnapshotEvent {
  state: AgentStateEvent;
  offer: OfferEvent | null;
  call: CallEvent | null;
}
