/**
 * The supervisors' wallboard (实时看板) as the server pushes it (`wallboard` on /softphone). Types only, with
 * no imports: the React wallboard (web/src/pages/wallboard) reads the same declarations.
 */
export interface WallboardQueue {
  code: string;
  name: string;
  waiting: number;
  longestWaitSeconds: number;
  serviceLevelSeconds: number;
  readyAgents: number;
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within the service level / (answered + abandoned), today; null before any call. */
  serviceLevel: number | null;
}

export interface WallboardAgent {
  jobNumber: string;
  name: string | null;
  state: string;
  reason: string | null;
  since: string;
  callSid: string | null;
  /** The caller (or the number called) and queue of the agent's call, offered or connected. */
  caller: string | null;
  queue: string | null;
  answered: number;
  missed: number;
}

export interface WallboardEvent {
  at: string;
  queues: WallboardQueue[];
  agents: WallboardAgent[];
}
