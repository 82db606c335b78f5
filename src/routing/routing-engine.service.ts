import { AcdCommand, AcdEngine, AcdError, AcdSnapshot, CallArrival, checkInvariants, Clock, QueueConfig, RestoredCall, Skills } from '@hotline/acd';
import { ConflictException, Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject, Subscription } from 'rxjs';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { AgentStateRequest, QueueView } from './dtos/routing.dto';
import { compareEntryIds, JournalEntry, RoutingCommand, RoutingJournal } from './routing-journal.service';
import { RoutingLeadership } from './routing-leadership.service';
import type { AgentCounters } from '../softphone/softphone-event';

export interface AgentStateView {
  jobNumber: string;
  state: string;
  reason: string | null;
  since: string;
  offeredCallId: string | null;
  callId: string | null;
}

/** Today's figures for one agent (the softphone's counters, GET /agents). */
/** Entries whose decisions every process keeps for a successor leader. */
const RECENT_ENTRIES = 5000;
/** A successor carries out its predecessor's unexecuted decisions of this long ago at most. */
const TAKEOVER_HORIZON_MS = 60_000;

/** The routing state in a journal snapshot: the engine's, and what this service keeps beside it. */
export interface RoutingSnapshot {
  engine: AcdSnapshot;
  restoredCalls: [string, RestoredCall][];
  /** Job number → [socket id, process][]. */
  softphones: [string, [string, string][]][];
  /** Each queue as the call path reads it, last journalled. */
  queueViews: QueueView[];
  /** The last entries' decisions within the take-over horizon (a successor leader may need them). */
  recent: { id: string; at: number; inline?: string; commands: AcdCommand[] }[];
  /** The time of the last entry applied: the engine's time between entries in every copy. */
  appliedAt: number;
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
 *
 * Every change is a command through the RoutingJournal: applied here at once with one process, or,
 * with several (REDIS_URL), in the journal's order in every process alike — so each process reads
 * the same state, and only the leader carries decisions out (see `isLeader`).
 */
@Injectable()
export class RoutingEngineService implements OnApplicationBootstrap, OnModuleDestroy {
  /** Replaced as a whole when a journal snapshot is loaded. */
  private engine: AcdEngine;
  private readonly engineClock: Clock;
  /** Each queue's last journalled view (snapshots carry them, so a joining process's queue cache has them). */
  private readonly queueViewsByCode = new Map<string, QueueView>();
  private readonly commandsSubject = new Subject<AcdCommand>();
  private readonly changesSubject = new Subject<void>();
  private timer?: unknown;
  private timerAt?: number;
  /** Calls agents were talking on when the server last stopped, by job number: they sign in on them. */
  private readonly restoredCalls = new Map<string, RestoredCall>();
  /** Softphone sockets by job number, each with the process holding it (presence across processes). */
  private readonly softphones = new Map<string, Map<string, string>>();
  /** The journal entry being applied: its time is the engine's clock, its `inline` call gets no redirect. */
  private applying?: JournalEntry;
  private replaying = false;
  /** The time of the last entry applied (several processes: the engine's time between entries). */
  private lastAppliedAt = 0;
  /** The decisions of the entry being applied. */
  private applyingCommands: AcdCommand[] = [];
  /** The last entries' decisions (a new leader carries out those its predecessor may not have); `carriedOut`: by this process, as leader. */
  private recent: { id: string; at: number; inline?: string; commands: AcdCommand[]; carriedOut: boolean }[] = [];
  /** Elected, and still catching up with the journal before deciding what its predecessor left undone (see `carriesOut`). */
  private takingOver = false;
  private terms = 0;
  private readonly unexecutedSubject = new Subject<{ command: AcdCommand; inline?: string }>();
  private readonly takeoversSubject = new Subject<void>();
  private readonly queueViewsSubject = new Subject<QueueView>();
  private readonly declaredGoneSubject = new Subject<void>();
  private roleSubscription?: Subscription;
  /** Called at start-up to load queues and skills; set by RoutingConfigService. */
  loadConfiguration?: () => Promise<void>;

  constructor(
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    private readonly journal: RoutingJournal,
    private readonly leadership: RoutingLeadership,
  ) {
    logger.setContext('routing');
    // The engine's time is the journalled command's, so every process's copy decides alike — from its
    // very start: a copy made later (a process joining or restarted) that began at its own start time
    // replayed the site's earlier entries at that time, so its wrap-ups, ring deadlines and idle times
    // differed, and once it led it rang agents that every other copy had on calls (chaos runs).
    // Between entries (reads) a copy's time is its last entry's (0 before any).
    this.engineClock = { now: () => this.applying?.at ?? (journal.clustered ? this.lastAppliedAt : clock.now()) };
    this.engine = new AcdEngine({ clock: this.engineClock, ...this.engineOptions() });
    journal.setApplier((entry, replaying) => this.apply(entry, replaying));
    journal.setSnapshotter({ take: () => this.snapshot(), load: (state) => this.loadSnapshot(state as RoutingSnapshot) });
  }

  private engineOptions() {
    return { maxConsecutiveMisses: this.config.MAX_CONSECUTIVE_MISSES, utcOffsetMinutes: this.config.SITE_UTC_OFFSET_MINUTES };
  }

  /** The routing state as plain data (the journal's snapshot): the same in every process after the same entry. */
  snapshot(): RoutingSnapshot {
    const since = (this.recent.at(-1)?.at ?? 0) - TAKEOVER_HORIZON_MS;
    return {
      engine: this.engine.snapshot(),
      restoredCalls: structuredClone([...this.restoredCalls.entries()]),
      softphones: [...this.softphones.entries()].map(([jobNumber, sockets]): [string, [string, string][]] => [jobNumber, [...sockets.entries()]]),
      queueViews: structuredClone([...this.queueViewsByCode.values()]),
      recent: this.recent.filter((r) => r.at >= since).map(({ id, at, inline, commands }) => structuredClone({ id, at, inline, commands })),
      appliedAt: this.lastAppliedAt,
    };
  }

  /** Replaces the routing state with a snapshot's (a process joining, or one that fell behind a trim). */
  private loadSnapshot(snapshot: RoutingSnapshot): void {
    this.engine = AcdEngine.fromSnapshot(snapshot.engine, { clock: this.engineClock, ...this.engineOptions() });
    this.restoredCalls.clear();
    for (const [jobNumber, call] of snapshot.restoredCalls) this.restoredCalls.set(jobNumber, call);
    this.softphones.clear();
    for (const [jobNumber, sockets] of snapshot.softphones) this.softphones.set(jobNumber, new Map(sockets));
    // None carried out by this process: a successor may have to carry them out (see takeOver).
    this.recent = snapshot.recent.map((r) => ({ ...r, carriedOut: false }));
    this.lastAppliedAt = snapshot.appliedAt;
    this.queueViewsByCode.clear();
    for (const view of snapshot.queueViews) {
      this.queueViewsByCode.set(view.code, view);
      this.queueViewsSubject.next(view);
    }
    this.disarmTimer();
    this.armTimer();
    this.changesSubject.next();
  }

  /** Whether this process carries the routing decisions out (always, with one process). */
  get isLeader(): boolean {
    return this.leadership.isLeader;
  }

  /**
   * Whether the decisions of the entries applied now are carried out here: the leader's, once it has
   * taken over. A process just elected first catches up with the journal; the entries it applies
   * meanwhile were appended before it led, and their decisions may have been overtaken by the entries
   * after them (a ring for a call answered since): `takeOver` carries out those still due once caught up.
   */
  get carriesOut(): boolean {
    return this.leadership.isLeader && !this.takingOver;
  }

  /**
   * Whether routing takes commands now. With several processes it needs Redis (the journal); while
   * Redis is away calls are answered by the IVR and wait in Twilio's queues, and the leader elected
   * when it returns takes them in (CallRecoveryService).
   */
  get available(): boolean {
    return this.journal.available;
  }

  /** Every decision of the engine, in order. */
  get commands(): Observable<AcdCommand> {
    return this.commandsSubject.asObservable();
  }

  /** Decisions a new leader's predecessor may not have carried out (telephony's executor carries them out). */
  get unexecuted(): Observable<{ command: AcdCommand; inline?: string }> {
    return this.unexecutedSubject.asObservable();
  }

  /** Each time this process becomes the leader (clustered), after handing over the unexecuted decisions. */
  get takeovers(): Observable<void> {
    return this.takeoversSubject.asObservable();
  }

  /**
   * Each queue's configuration as it reaches the engine, from whichever process changed it (the
   * journal's order): every process's cache of the queues (the IVR menu's keys) follows it.
   */
  get queueViews(): Observable<QueueView> {
    return this.queueViewsSubject.asObservable();
  }

  /**
   * The leader took this process for dead (it stalled past its alive key — a long GC pause, a
   * starved CPU) and dropped the softphone sockets it holds: they are still here, and must be
   * counted again before their agents' reconnect grace ends.
   */
  get declaredGone(): Observable<void> {
    return this.declaredGoneSubject.asObservable();
  }

  /** Calls the engine holds that are not over: a new leader checks them against Twilio. */
  liveCalls(): { callId: string; status: string; callback: boolean; offeredTo: readonly string[] }[] {
    return [...this.engine.calls()]
      .filter((c) => c.status !== 'ended')
      .map((c) => ({ callId: c.id, status: c.status, callback: c.callback, offeredTo: c.offeredTo }));
  }

  /**
   * After every event the engine took, whether or not it decided anything: a caller joining or
   * leaving a queue commands nothing, yet the wallboard's queue counts changed.
   */
  get changes(): Observable<void> {
    return this.changesSubject.asObservable();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.journal.start();
    // A new leader takes the deadlines over; a deposed one stops ticking.
    this.roleSubscription = this.leadership.role$.subscribe((role) => {
      if (role !== 'leader') {
        this.takingOver = false;
        return this.disarmTimer();
      }
      this.armTimer();
      this.takingOver = this.journal.clustered;
      // A term lost and won again while taking over: only the latest take-over ends it.
      const term = ++this.terms;
      this.takeOver()
        .catch((error: unknown) => this.logger.error({ err: error }, 'could not take over routing'))
        .finally(() => term === this.terms && (this.takingOver = false));
    });
    await this.loadConfiguration?.().catch((error: unknown) => {
      // With several processes the queues are in the journal already (or pushed again on the next change).
      if (!this.journal.clustered) throw error;
      this.logger.error({ err: error }, 'could not journal the queue configuration at start');
    });
  }

  onModuleDestroy(): void {
    this.roleSubscription?.unsubscribe();
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.commandsSubject.complete();
    this.changesSubject.complete();
    this.unexecutedSubject.complete();
    this.takeoversSubject.complete();
    this.queueViewsSubject.complete();
    this.declaredGoneSubject.complete();
  }

  /**
   * The engine's own ring deadline is a backstop. The ring itself is ended by Twilio's <Dial
   * timeout> (three rings) and reported by webhook; but the offer is made before any prompt is
   * spoken ahead of the <Dial>, so the backstop allows twice the three-ring budget.
   */
  get ringSeconds(): number {
    return this.config.RING_CADENCE_SECONDS * this.config.RING_COUNT * 2;
  }

  upsertQueue(queue: QueueView): Promise<void> {
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
    return this.journal.submit({ type: 'upsert-queue', config, view: queue }).then(() => undefined);
  }

  /** Applies new skills to a signed-in agent at once; an offline agent picks them up at sign-in. */
  async updateAgentSkills(jobNumber: string, skills: Skills): Promise<void> {
    await this.journal.submit({ type: 'agent-skills', jobNumber, skills });
  }

  setAgentState(jobNumber: string, skills: Skills, state: AgentStateRequest, reason?: string): Promise<AgentStateView> {
    return this.journal.submit({ type: 'set-state', jobNumber, skills, state, ...(reason !== undefined ? { reason } : {}) }) as Promise<AgentStateView>;
  }

  /**
   * Signs an offline agent in from their softphone: on the call they were on when the server
   * stopped if it is still going, else ready or not-ready (`login`).
   */
  signIn(jobNumber: string, skills: Skills, ready: boolean): Promise<AgentStateView> {
    return this.journal.submit({ type: 'sign-in', jobNumber, skills, ready }) as Promise<AgentStateView>;
  }

  /** After a restart: the agent is still talking on this call at Twilio; their sign-in puts them on it. */
  async restoreCall(jobNumber: string, call: RestoredCall): Promise<void> {
    await this.journal.submit({ type: 'restore-call', jobNumber, call });
  }

  /** A softphone socket of the agent is up on `process` (this one unless told): presence across processes. */
  async softphoneUp(jobNumber: string, socketId: string, process = this.leadership.processId): Promise<void> {
    await this.journal.submit({ type: 'socket-up', jobNumber, socketId, process });
  }

  /** A softphone socket closed; resolves whether the agent still has one (on any process). */
  async softphoneDown(jobNumber: string, socketId: string): Promise<boolean> {
    await this.journal.submit({ type: 'socket-down', jobNumber, socketId });
    return this.isReachable(jobNumber);
  }

  /** A process died holding sockets (the leader notices): the agents it leaves without any. */
  async processGone(process: string): Promise<string[]> {
    return (await this.journal.submitAsLeader({ type: 'process-gone', process })) as string[];
  }

  /** Does a softphone of this agent hold a live socket, on any process? */
  isReachable(jobNumber: string): boolean {
    return (this.softphones.get(jobNumber)?.size ?? 0) > 0;
  }

  /**
   * Whether one of the agent's softphone sockets is on this process (always, with one process). Every
   * process applies every command; the events built for an agent's page (an offer's caller, a screen
   * pop: database reads) need building only where the page is.
   */
  hasSocketHere(jobNumber: string): boolean {
    if (!this.journal.clustered) return true;
    for (const process of this.softphones.get(jobNumber)?.values() ?? []) if (process === this.leadership.processId) return true;
    return false;
  }

  /** Processes holding softphone sockets (the leader checks they are alive). */
  socketProcesses(): string[] {
    return [...new Set([...this.softphones.values()].flatMap((sockets) => [...sockets.values()]))];
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

  // ── Call events from telephony. Each resolves with the commands it caused (they are published too),
  // so a webhook can answer Twilio with the offer its own event produced (`inline`: then no REST
  // redirect is made for that call). Stale events (a call already gone, an offer already withdrawn)
  // are normal with Twilio's retries: they produce nothing.

  /** With `agentId`, a call only that agent is offered (a transfer to them); one the engine never saw signed in joins the queue for anyone. */
  callArrived(arrival: CallArrival, inline?: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'call-arrived', arrival }, inline);
  }

  offerAnswered(callId: string, agentId: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'offer-answered', callId, agentId });
  }

  offerDeclined(callId: string, agentId: string, inline?: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'offer-declined', callId, agentId }, inline);
  }

  /** `agentIds`: whose ring ended (a `<Dial>` result); a call offered to others since is answered with that offer instead. */
  offerTimedOut(callId: string, inline?: string, agentIds?: string[]): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'offer-timed-out', callId, ...(agentIds ? { agentIds } : {}) }, inline);
  }

  /** The caller (or the agent) hung up, whatever state the call was in. */
  callEnded(callId: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'call-ended', callId });
  }

  /** A connected call becomes `agentId`'s without an offer (a consult transfer completed): its agent wraps up, they are on it. */
  callHandedOver(callId: string, agentId: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'call-handed-over', callId, agentId });
  }

  requestCallback(callId: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'request-callback', callId });
  }

  wrapUpDone(agentId: string): Promise<AcdCommand[]> {
    return this.callEvent({ type: 'wrap-up-done', agentId });
  }

  /** The call whose webhook answers with the commands being published now, if any (see `callArrived`). */
  get answeringInline(): string | undefined {
    return this.applying?.inline;
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

  /** The call's status in the engine (waiting, offered, connected…), or undefined when it holds no such call. */
  callStatus(callId: string): string | undefined {
    return this.engine.getCall(callId)?.status;
  }

  /** Whether the engine holds this call, not yet over. */
  holdsCall(callId: string): boolean {
    const call = this.engine.getCall(callId);
    return call !== undefined && call.status !== 'ended';
  }

  /** Where a waiting call stands: 1 = next to be served. */
  callPosition(callId: string): { queueCode: string; position: number; waiting: number } | null {
    const call = this.engine.getCall(callId);
    if (!call || call.status !== 'waiting') return null;
    // A caller waiting for a named agent: their place among that agent's calls.
    const waiting = call.targetAgentId !== undefined ? this.engine.waitingFor(call.targetAgentId) : this.engine.waitingCalls(call.queueId);
    return { queueCode: call.queueId, position: waiting.findIndex((c) => c.id === callId) + 1, waiting: waiting.length };
  }

  private callEvent(command: RoutingCommand, inline?: string): Promise<AcdCommand[]> {
    return this.journal.submit(command, { inline }) as Promise<AcdCommand[]>;
  }

  /**
   * Applies one journalled command to the engine, at the entry's time, and returns the submitter's
   * result. The same in every process, in the same order: nothing here may read anything but the
   * entry and the engine. Engine refusals come back as 409 to the submitter; call events tolerate them.
   */
  private apply(entry: JournalEntry, replaying: boolean): unknown {
    this.applying = entry;
    this.lastAppliedAt = entry.at;
    this.replaying = replaying;
    this.applyingCommands = [];
    try {
      return this.applyCommand(entry.command);
    } catch (error) {
      if (error instanceof ConflictException) return error;
      throw error;
    } finally {
      if (entry.id !== undefined) this.remember(entry.id, entry.at, entry.inline, replaying);
      this.applying = undefined;
      this.replaying = false;
    }
  }

  /** Keeps the entry's decisions for a successor; as leader, marks them carried out (the executor has them now). */
  private remember(id: string, at: number, inline: string | undefined, replaying: boolean): void {
    const carriedOut = !replaying && this.carriesOut;
    if (this.applyingCommands.length > 0) {
      this.recent.push({ id, at, inline, commands: this.applyingCommands, carriedOut });
      if (this.recent.length > RECENT_ENTRIES) this.recent.splice(0, this.recent.length - RECENT_ENTRIES);
    }
    if (carriedOut) this.journal.markExecuted(id);
  }

  /**
   * Taking over as leader (clustered): the predecessor may have died between applying a command and
   * carrying its decisions out — a redirect to ring an agent, a requeue, a callback never placed.
   * Decisions of entries after the last one it marked carried out (and recent: older ones were
   * settled by the calls' own webhooks since) are handed to the executor again.
   */
  private async takeOver(): Promise<void> {
    if (!this.journal.clustered) return;
    const mark = await this.journal.executedMark().catch(() => null);
    // Decided from the latest state: a copy running behind still rings a call answered and ended since
    // (a chaos run's restarted process, elected seconds behind, rang agents again for calls they had taken).
    const term = this.terms;
    const caughtUp = await this.journal.appliedToEnd().catch(() => false);
    if (!caughtUp) this.logger.warn('took over routing before catching up with the journal');
    if (!this.leadership.isLeader || term !== this.terms) return;
    const since = this.clock.now() - TAKEOVER_HORIZON_MS;
    const pending = mark === null ? [] : this.recent.filter((r) => compareEntryIds(r.id, mark) > 0 && r.at >= since && !r.carriedOut);
    // From here on the entries applied are carried out as they come (nothing awaits between this and the hand-over below).
    this.takingOver = false;
    let commands = 0;
    for (const r of pending) {
      for (const command of r.commands) {
        if (!this.stillDue(command)) continue;
        this.unexecutedSubject.next({ command, inline: r.inline });
        commands++;
      }
    }
    if (pending.length) this.journal.markExecuted(pending[pending.length - 1].id);
    this.logger.info({ entries: pending.length, commands, mark }, 'took over as routing leader');
    this.takeoversSubject.next();
  }

  private applyCommand(command: RoutingCommand): unknown {
    switch (command.type) {
      case 'upsert-queue': {
        const commands = this.run(() => this.engine.upsertQueue(command.config));
        if (command.view) {
          this.queueViewsByCode.set(command.view.code, command.view);
          this.queueViewsSubject.next(command.view);
        }
        return commands;
      }
      case 'agent-skills':
        if (this.engine.getAgent(command.jobNumber)) this.run(() => this.engine.agentSetSkills(command.jobNumber, command.skills));
        return undefined;
      case 'set-state':
        return this.applySetState(command.jobNumber, command.skills, command.state, command.reason);
      case 'sign-in': {
        const onCall = this.restoredCalls.get(command.jobNumber);
        this.restoredCalls.delete(command.jobNumber);
        if (!this.engine.getAgent(command.jobNumber) || this.engine.getAgent(command.jobNumber)!.state === 'offline') {
          this.run(() => this.engine.agentLogin(command.jobNumber, { skills: command.skills, ready: command.ready, onCall }));
        }
        return this.agentState(command.jobNumber);
      }
      case 'restore-call':
        this.restoredCalls.set(command.jobNumber, command.call);
        return undefined;
      case 'call-arrived': {
        // Held already: a repeat of the webhook whose first delivery's process died before Twilio had
        // its answer. An offer made then rings nobody: it is this answer (decided here, in the
        // journal's order, so no copy lagging behind answers with an offer since withdrawn).
        const pending = this.pendingRing(command.arrival.callId);
        if (pending) return pending;
        let arrival = command.arrival;
        if (arrival.agentId !== undefined && !this.engine.getAgent(arrival.agentId)) arrival = { ...arrival, agentId: undefined };
        return this.runTolerant(() => this.engine.callArrived(arrival));
      }
      case 'offer-answered':
        return this.runTolerant(() => this.engine.offerAnswered(command.callId, command.agentId));
      case 'offer-declined': {
        // Offered to others since: a repeat whose first delivery moved the call on (see call-arrived).
        const pending = this.pendingRing(command.callId);
        if (pending && !pending[0].agentIds.includes(command.agentId)) return pending;
        return this.runTolerant(() => this.engine.offerDeclined(command.callId, command.agentId));
      }
      case 'offer-timed-out': {
        const pending = command.agentIds ? this.pendingRing(command.callId) : null;
        if (pending && !command.agentIds!.every((a) => pending[0].agentIds.includes(a))) return pending;
        return this.runTolerant(() => this.engine.offerTimedOut(command.callId));
      }
      case 'call-ended':
        for (const [jobNumber, call] of this.restoredCalls) if (call.callId === command.callId) this.restoredCalls.delete(jobNumber);
        return this.runTolerant(() => this.engine.callEnded(command.callId));
      case 'call-handed-over':
        return this.runTolerant(() => this.engine.callHandedOver(command.callId, command.agentId));
      case 'request-callback':
        return this.runTolerant(() => this.engine.requestCallback(command.callId));
      case 'wrap-up-done':
        return this.runTolerant(() => this.engine.wrapUpDone(command.agentId));
      case 'tick':
        return this.run(() => this.engine.tick());
      case 'socket-up': {
        const sockets = this.softphones.get(command.jobNumber) ?? new Map<string, string>();
        sockets.set(command.socketId, command.process);
        this.softphones.set(command.jobNumber, sockets);
        return undefined;
      }
      case 'socket-down': {
        const sockets = this.softphones.get(command.jobNumber);
        if (sockets?.delete(command.socketId) && sockets.size === 0) this.softphones.delete(command.jobNumber);
        return undefined;
      }
      case 'process-gone': {
        if (command.process === this.leadership.processId && !this.replaying) queueMicrotask(() => this.declaredGoneSubject.next());
        const stranded: string[] = [];
        for (const [jobNumber, sockets] of this.softphones) {
          for (const [socketId, process] of sockets) if (process === command.process) sockets.delete(socketId);
          if (sockets.size > 0) continue;
          this.softphones.delete(jobNumber);
          stranded.push(jobNumber);
        }
        return stranded;
      }
    }
  }

  /** The ring a call is being offered with now, as the submitter's result (not published: nothing new to carry out). */
  private pendingRing(callId: string): [Extract<AcdCommand, { type: 'ring-all' }>] | null {
    const call = this.engine.getCall(callId);
    if (call?.status !== 'offered') return null;
    return [{ type: 'ring-all', callId, agentIds: [...call.offeredTo], queueId: call.queueId, ringDeadline: call.ringDeadline }];
  }

  private applySetState(jobNumber: string, skills: Skills, state: AgentStateRequest, reason?: string): AgentStateView {
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

  /** Runs one engine event, publishes its commands and re-arms the deadline timer. Engine refusals become 409. */
  private run(event: () => AcdCommand[]): AcdCommand[] {
    let commands: AcdCommand[];
    try {
      commands = event();
    } catch (error) {
      if (error instanceof AcdError) throw new ConflictException(error.message);
      throw error;
    }
    this.applyingCommands.push(...commands);
    // Replaying the journal at start rebuilds the state; its decisions were carried out long ago.
    if (!this.replaying) {
      for (const command of commands) this.commandsSubject.next(command);
      this.changesSubject.next();
    }
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

  /**
   * Whether a decision of the predecessor's last moments still fits the state now: a ring for a call
   * the engine still rings that agent for, a requeue of a call still waiting, a callback still owed,
   * an outcome (recorded once whatever happens). Anything else has moved on since — ringing an agent
   * again for a call they answered would cut the conversation.
   */
  private stillDue(command: AcdCommand): boolean {
    const call = 'callId' in command ? this.engine.getCall(command.callId) : undefined;
    switch (command.type) {
      case 'offer':
        return call?.status === 'offered' && call.offeredTo.includes(command.agentId);
      case 'ring-all':
        return call?.status === 'offered' && command.agentIds.every((a) => call.offeredTo.includes(a));
      case 'cancel-offer':
        return call?.status === 'waiting';
      case 'callback-task': {
        const task = this.engine.getCall(command.task.callId);
        return task !== undefined && task.status !== 'ended' && task.agentId === command.task.agentId;
      }
      case 'call-outcome':
        return true;
      default:
        return false;
    }
  }

  /** Only the leader keeps the engine's deadline timer; its tick goes through the journal like any command. */
  private armTimer(): void {
    if (!this.leadership.isLeader) return;
    const next = this.engine.nextDeadline();
    if (next === undefined || next === this.timerAt) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = undefined;
        this.journal.submitAsLeader({ type: 'tick' }).catch((error: unknown) => this.logger.error({ err: error }, 'routing tick failed'));
      },
      Math.max(0, next - this.clock.now()),
    );
  }

  private disarmTimer(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
  }
}
