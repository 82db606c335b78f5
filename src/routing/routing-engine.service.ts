import { AcdCommand, AcdEngine, AcdError, CallArrival, checkInvariants, QueueConfig, RestoredCall, Skills } from '@hotline/acd';
import { ConflictException, Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject } from 'rxjs';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { AgentStateRequest, QueueView } from './dtos/routing.dto';

export interface AgentStateView {
  jobNumber: string;
  state: string;
  reason: string | null;
  since: string;
  offeredCallId: string | null;
  callId: string | null;
}

/** Today's figures for one agent (the softphone's counters, GET /agents). */
export interface AgentCounters {
  offered: number;
  answered: number;
  missed: number;
  /** Average talk time of answered calls, seconds (null before the first). */
  averageHandleSeconds: number | null;
}

export interface QueueLiveView {
  waiting: number;
  longestWaitSeconds: number;
  readyAgents: number;
  today: { offered: number; answered: number; abandoned: number; serviceLevel: number | null };
}

/**
 * The running ACD (libs/acd) inside the server: feeds it events, keeps one timer for its next
 * deadline, and publishes the commands it decides (offers, callbacks, overflow…) for telephony and
 * the softphone gateway to carry out. Queue and skill configuration is pushed in by
 * RoutingConfigService whenever it changes, so no restart is needed.
 */
@Injectable()
export class RoutingEngineService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly engine: AcdEngine;
  private readonly commandsSubject = new Subject<AcdCommand>();
  private readonly changesSubject = new Subject<void>();
  private timer?: unknown;
  private timerAt?: number;
  /** Calls agents were talking on when the server last stopped, by job number: they sign in on them. */
  private readonly restoredCalls = new Map<string, RestoredCall>();
  /** Called at start-up to load queues and skills; set by RoutingConfigService. */
  loadConfiguration?: () => Promise<void>;

  constructor(
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('routing');
    this.engine = new AcdEngine({ clock, maxConsecutiveMisses: config.MAX_CONSECUTIVE_MISSES, utcOffsetMinutes: config.SITE_UTC_OFFSET_MINUTES });
  }

  /** Every decision of the engine, in order. */
  get commands(): Observable<AcdCommand> {
    return this.commandsSubject.asObservable();
  }

  /**
   * After every event the engine took, whether or not it decided anything: a caller joining or
   * leaving a queue commands nothing, yet the wallboard's queue counts changed.
   */
  get changes(): Observable<void> {
    return this.changesSubject.asObservable();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.loadConfiguration?.();
  }

  onModuleDestroy(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.commandsSubject.complete();
    this.changesSubject.complete();
  }

  /**
   * The engine's own ring deadline is a backstop. The ring itself is ended by Twilio's <Dial
   * timeout> (three rings) and reported by webhook; but the offer is made before any prompt is
   * spoken ahead of the <Dial>, so the backstop allows twice the three-ring budget.
   */
  get ringSeconds(): number {
    return this.config.RING_CADENCE_SECONDS * this.config.RING_COUNT * 2;
  }

  upsertQueue(queue: QueueView): void {
    const config: QueueConfig = {
      id: queue.code,
      skill: queue.skillCode,
      strategy: queue.strategy,
      wrapUpSeconds: queue.wrapUpSeconds,
      ringSeconds: this.ringSeconds,
      maxWaitSeconds: queue.maxWaitSeconds,
      serviceLevelSeconds: queue.serviceLevelSeconds,
      joinWhenNoAgents: queue.joinWhenNoAgents,
      overflow:
        queue.overflowQueueCode && queue.overflowAfterSeconds ? { afterSeconds: queue.overflowAfterSeconds, target: queue.overflowQueueCode } : undefined,
    };
    this.run(() => this.engine.upsertQueue(config));
  }

  /** Applies new skills to a signed-in agent at once; an offline agent picks them up at sign-in. */
  updateAgentSkills(jobNumber: string, skills: Skills): void {
    if (this.engine.getAgent(jobNumber)) this.run(() => this.engine.agentSetSkills(jobNumber, skills));
  }

  setAgentState(jobNumber: string, skills: Skills, state: AgentStateRequest, reason?: string): AgentStateView {
    const known = this.engine.getAgent(jobNumber);
    if (!known) {
      if (state !== 'offline') {
        this.run(() => this.engine.agentLogin(jobNumber, { skills, ready: state === 'ready', reason: state === 'not-ready' ? reason : undefined }));
      }
    } else {
      this.run(() =>
        this.engine.agentSetState(
          jobNumber,
          state === 'not-ready' ? { state, reason: reason ?? 'other' } : state === 'offline' && reason !== undefined ? { state, reason } : { state },
        ),
      );
    }
    return this.agentState(jobNumber);
  }

  /**
   * Signs an offline agent in from their softphone: on the call they were on when the server
   * stopped if it is still going, else ready or not-ready (`login`).
   */
  signIn(jobNumber: string, skills: Skills, ready: boolean): AgentStateView {
    const onCall = this.restoredCalls.get(jobNumber);
    this.restoredCalls.delete(jobNumber);
    if (!this.engine.getAgent(jobNumber) || this.engine.getAgent(jobNumber)!.state === 'offline') {
      this.run(() => this.engine.agentLogin(jobNumber, { skills, ready, onCall }));
    }
    return this.agentState(jobNumber);
  }

  /** After a restart: the agent is still talking on this call at Twilio; their sign-in puts them on it. */
  restoreCall(jobNumber: string, call: RestoredCall): void {
    this.restoredCalls.set(jobNumber, call);
  }

  /** The engine's structural invariants that do not hold right now (empty = sound); for tests and diagnostics. */
  invariantViolations(): string[] {
    return checkInvariants(this.engine);
  }

  /** When the agent's wrap-up ends by itself (the queue's wrapUpSeconds after the call), epoch ms; null when not wrapping up. */
  wrapUpUntil(jobNumber: string): number | null {
    const agent = this.engine.getAgent(jobNumber);
    return agent?.state === 'wrap-up' ? (agent.wrapUpUntil ?? null) : null;
  }

  agentState(jobNumber: string): AgentStateView {
    const agent = this.engine.getAgent(jobNumber);
    if (!agent) return { jobNumber, state: 'offline', reason: null, since: new Date(this.clock.now()).toISOString(), offeredCallId: null, callId: null };
    return {
      jobNumber,
      state: agent.state,
      reason: agent.reason ?? null,
      since: new Date(agent.stateSince).toISOString(),
      offeredCallId: agent.offerCallId ?? null,
      callId: agent.callId ?? null,
    };
  }

  queueLive(code: string): QueueLiveView {
    const now = this.clock.now();
    // Callers waiting for a named agent (a transfer to a colleague) wait in this queue too.
    const waiting = this.engine.queueIds().includes(code) ? [...this.engine.waitingCalls(code), ...this.engine.waitingForAgents(code)] : [];
    const stats = this.engine.queueStats(code);
    const oldest = waiting.reduce((min, call) => Math.min(min, call.enqueuedAt), now);
    return {
      waiting: waiting.length,
      longestWaitSeconds: Math.round((now - oldest) / 1000),
      readyAgents: this.engine.queueIds().includes(code) ? this.engine.readyAgentCount(code) : 0,
      today: {
        offered: stats.offered,
        answered: stats.answered,
        abandoned: stats.abandoned,
        serviceLevel: stats.answered + stats.abandoned > 0 ? stats.answeredWithinServiceLevel / (stats.answered + stats.abandoned) : null,
      },
    };
  }

  // ── Call events from telephony. Each returns the commands it caused (they are published too), so
  // a webhook can answer Twilio with the offer its own event produced. Stale events (a call already
  // gone, an offer already withdrawn) are normal with Twilio's retries: they produce nothing.

  /** With `agentId`, a call only that agent is offered (a transfer to them); one the engine never saw signed in joins the queue for anyone. */
  callArrived(arrival: CallArrival): AcdCommand[] {
    if (arrival.agentId !== undefined && !this.engine.getAgent(arrival.agentId)) arrival = { ...arrival, agentId: undefined };
    return this.runTolerant(() => this.engine.callArrived(arrival));
  }

  offerAnswered(callId: string, agentId: string): AcdCommand[] {
    return this.runTolerant(() => this.engine.offerAnswered(callId, agentId));
  }

  offerDeclined(callId: string, agentId: string): AcdCommand[] {
    return this.runTolerant(() => this.engine.offerDeclined(callId, agentId));
  }

  offerTimedOut(callId: string): AcdCommand[] {
    return this.runTolerant(() => this.engine.offerTimedOut(callId));
  }

  /** The caller (or the agent) hung up, whatever state the call was in. */
  callEnded(callId: string): AcdCommand[] {
    for (const [jobNumber, call] of this.restoredCalls) if (call.callId === callId) this.restoredCalls.delete(jobNumber);
    return this.runTolerant(() => this.engine.callEnded(callId));
  }

  requestCallback(callId: string): AcdCommand[] {
    return this.runTolerant(() => this.engine.requestCallback(callId));
  }

  wrapUpDone(agentId: string): AcdCommand[] {
    return this.runTolerant(() => this.engine.wrapUpDone(agentId));
  }

  /** Signed-in agents' job numbers (read-only; the softphone wallboard lists them). */
  agentIds(): string[] {
    return [...this.engine.agents()].map((a) => a.id);
  }

  /** An agent's figures for today (offered, answered, missed, talk time), or null before any. */
  agentToday(jobNumber: string): { offered: number; answered: number; missed: number; declined: number; talkMs: number } | null {
    const stats = this.engine.getAgent(jobNumber) ? this.engine.agentStats(jobNumber) : undefined;
    return stats ? { offered: stats.offered, answered: stats.answered, missed: stats.missed, declined: stats.declined, talkMs: stats.talkMs } : null;
  }

  agentCounters(jobNumber: string): AgentCounters {
    const today = this.agentToday(jobNumber);
    if (!today) return { offered: 0, answered: 0, missed: 0, averageHandleSeconds: null };
    return {
      offered: today.offered,
      answered: today.answered,
      missed: today.missed,
      averageHandleSeconds: today.answered ? Math.round(today.talkMs / today.answered / 1000) : null,
    };
  }

  readyAgentCount(queueCode: string): number {
    return this.engine.queueIds().includes(queueCode) ? this.engine.readyAgentCount(queueCode) : 0;
  }

  hasQueue(queueCode: string): boolean {
    return this.engine.queueIds().includes(queueCode);
  }

  /** Where a waiting call stands: 1 = next to be served. */
  callPosition(callId: string): { queueCode: string; position: number; waiting: number } | null {
    const call = this.engine.getCall(callId);
    if (!call || call.status !== 'waiting') return null;
    // A caller waiting for a named agent: their place among that agent's calls.
    const waiting = call.targetAgentId !== undefined ? this.engine.waitingFor(call.targetAgentId) : this.engine.waitingCalls(call.queueId);
    return { queueCode: call.queueId, position: waiting.findIndex((c) => c.id === callId) + 1, waiting: waiting.length };
  }

  /** Runs one engine event, publishes its commands and re-arms the deadline timer. Engine refusals become 409. */
  private run(event: () => AcdCommand[]): AcdCommand[] {
    let commands: AcdCommand[];
    try {
      commands = event();
    } catch (error) {
      if (error instanceof AcdError) throw new ConflictException(error.message);
      throw error;
    }
    for (const command of commands) this.commandsSubject.next(command);
    this.changesSubject.next();
    this.armTimer();
    return commands;
  }

  private runTolerant(event: () => AcdCommand[]): AcdCommand[] {
    try {
      return this.run(event);
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      this.logger.debug({ err: error.message }, 'stale call event ignored');
      return [];
    }
  }

  private armTimer(): void {
    const next = this.engine.nextDeadline();
    if (next === undefined || next === this.timerAt) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = undefined;
        try {
          this.run(() => this.engine.tick());
        } catch (error) {
          this.logger.error({ err: error }, 'routing tick failed');
        }
      },
      Math.max(0, next - this.clock.now()),
    );
  }
}
