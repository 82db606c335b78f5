import { traceRouting } from '../routing/routing-trace';
import { AcdCommand } from '@hotline/acd';
import { HttpException, Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import { auditTime, from, Observable, share, startWith, Subject, Subscription, switchMap, catchError, EMPTY } from 'rxjs';
import { In, Repository } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { AgentPresenceService } from '../routing/agent-presence.service';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { CallRecordsService } from '../telephony/call-records.service';
import { CallRecord } from '../telephony/call-record.entity';
import { OUTBOUND_REASON } from '../routing/agent-presence.service';
import { TelephonySettings } from '../telephony/telephony-settings';
import { CallControlService } from '../telephony/call-control.service';
import { dialTarget, transferTarget } from '../telephony/calls/dtos/calls.dto';
import { AgentDialService } from '../telephony/agent-dial.service';
import {
  AgentStateEvent,
  CallCommand,
  DialCommand,
  CallEvent,
  DispositionCommand,
  OfferEvent,
  ServerToClientEvents,
  SetStateCommand,
  SoftphoneError,
  TransferCommand,
  WallboardEvent,
} from './softphone.events';

/** Where the gateway sends what: one agent's room, or every supervisor. */
export type Delivery =
  | { to: 'agent'; jobNumber: string; event: Exclude<keyof ServerToClientEvents, 'wallboard' | 'error'>; payload: unknown }
  | { to: 'supervisors'; event: 'wallboard'; payload: WallboardEvent };

export const agentRoom = (jobNumber: string) => `agent:${jobNumber}`;
export const roleRoom = (role: string) => `role:${role}`;

/** Raised for a bad command; the gateway turns it into an `error` event and a `{ ok: false }` ack. */
export class CommandError extends Error {
  constructor(
    readonly code: SoftphoneError['code'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * The softphone's logic, behind the thin socket.io gateway: turns the routing engine's decisions
 * into each agent's events (offer with the caller's number, connected, ended, wrap-up), carries
 * out agents' commands, and builds the supervisors' wallboard, throttled.
 */
@Injectable()
export class SoftphoneService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly deliveries = new Subject<Delivery>();
  private readonly changed = new Subject<void>();
  private readonly lastState = new Map<string, { state: string; callId: string | null }>();
  private subscription?: Subscription;
  private names = new Map<string, string>();
  /** Who is on each call this process offered or connected (the wallboard's caller and queue), until its agent moves on. */
  private readonly callers = new Map<string, { from: string; queue: string | null }>();
  private namesAt = 0;
  /** The wallboard, rebuilt at most every 250 ms whatever the call rate, shared by every supervisor. */
  readonly wallboard$: Observable<WallboardEvent>;

  constructor(
    private readonly engine: RoutingEngineService,
    private readonly presence: AgentPresenceService,
    private readonly routing: RoutingConfigService,
    private readonly records: CallRecordsService,
    private readonly settings: TelephonySettings,
    private readonly config: ConfigVariables,
    private readonly control: CallControlService,
    private readonly dialer: AgentDialService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('softphone');
    this.wallboard$ = this.changed.pipe(
      startWith(undefined),
      auditTime(250),
      switchMap(() => from(this.wallboard()).pipe(catchError((error: unknown) => (this.logger.warn({ err: error }, 'wallboard failed'), EMPTY)))),
      share(),
    );
  }

  /** What to send to whom, in order. */
  get events(): Observable<Delivery> {
    return this.deliveries.asObservable();
  }

  onApplicationBootstrap(): void {
    this.subscription = this.engine.commands.subscribe((command) => {
      this.onCommand(command).catch((error: unknown) => this.logger.error({ err: error, command }, 'softphone event failed'));
    });
    // Every engine event, decisions or none (a caller joining a queue decides nothing): the wallboard follows.
    this.subscription.add(this.engine.changes.subscribe(() => this.changed.next()));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.deliveries.complete();
    this.changed.complete();
  }

  // ── engine → agents

  private async onCommand(command: AcdCommand): Promise<void> {
    switch (command.type) {
      case 'offer':
        await this.sendOffer(command.agentId, command.callId, command.queueId);
        return;
      case 'ring-all':
        for (const agent of command.agentIds) await this.sendOffer(agent, command.callId, command.queueId);
        return;
      case 'cancel-offer':
        this.send(command.agentId, 'offer-cancelled', { callSid: sidOf(command.callId), reason: command.reason });
        if (command.reason !== 'answered-elsewhere') this.callers.delete(sidOf(command.callId)); // missed, declined, withdrawn: rung again or gone
        return;
      case 'agent-state':
        await this.onAgentState(command.agentId, command.state);
        return;
      default:
        return;
    }
  }

  private async onAgentState(jobNumber: string, state: string): Promise<void> {
    const view = this.engine.agentState(jobNumber);
    const before = this.lastState.get(jobNumber);
    this.lastState.set(jobNumber, { state, callId: view.callId });
    this.send(jobNumber, 'state', this.stateEvent(jobNumber));
    if (state === 'on-call' && view.callId) {
      const call = await this.callEvent(view.callId);
      if (call) this.send(jobNumber, 'call-connected', call);
    }
    if (before?.state === 'on-call' && state !== 'on-call') {
      this.send(jobNumber, 'call-ended', { callSid: sidOf(before.callId ?? '') });
      this.callers.delete(sidOf(before.callId ?? ''));
    }
    if (state === 'wrap-up' && before?.state !== 'wrap-up') {
      // The page counts down to the end the engine will impose (seconds from now: no agreement of clocks needed).
      const until = this.engine.wrapUpUntil(jobNumber);
      this.send(jobNumber, 'wrap-up-started', {
        callSid: view.callId ? sidOf(view.callId) : null,
        wrapUpSeconds: until === null ? null : Math.max(0, Math.round((until - this.clock.now()) / 1000)),
        deadline: until === null ? null : new Date(until).toISOString(),
      });
    }
    if (before?.state === 'wrap-up' && state !== 'wrap-up') this.send(jobNumber, 'wrap-up-ended', { state });
  }

  private async sendOffer(jobNumber: string, callId: string, queueId: string): Promise<void> {
    // Several processes: the one holding the agent's page builds the offer (a read of the call's record).
    if (!this.engine.hasSocketHere(jobNumber)) return;
    const building = Date.now();
    const offer = await this.offerEvent(callId, queueId);
    const still = this.engine.agentState(jobNumber).offeredCallId === callId;
    traceRouting({ step: 'offer', callId, agent: jobNumber, building, sent: offer && still ? Date.now() : null });
    if (offer && still) this.send(jobNumber, 'offer', offer);
  }

  private send(jobNumber: string, event: Extract<Delivery, { to: 'agent' }>['event'], payload: unknown): void {
    this.deliveries.next({ to: 'agent', jobNumber, event, payload });
  }

  private async offerEvent(callId: string, queueId: string): Promise<OfferEvent | null> {
    const record = await this.records.find(sidOf(callId));
    if (!record) return null;
    this.callers.set(record.callSid, { from: record.fromNumber, queue: queueId });
    const now = this.clock.now();
    const ringSeconds = this.settings.dialTimeoutSeconds;
    return {
      callSid: record.callSid,
      from: record.fromNumber,
      queue: queueId,
      priority: record.priority,
      waitedSeconds: Math.max(0, Math.round((now - record.arrivedAt.getTime()) / 1000)),
      ringDeadline: new Date(now + ringSeconds * 1000).toISOString(),
      ringSeconds,
      ringCadenceSeconds: this.config.RING_CADENCE_SECONDS,
    };
  }

  private async callEvent(callId: string): Promise<CallEvent | null> {
    const record = await this.records.find(sidOf(callId));
    if (!record) return null;
    this.callers.set(record.callSid, { from: record.direction === 'inbound' ? record.fromNumber : record.toNumber, queue: record.queueCode });
    return { callSid: record.callSid, from: record.fromNumber, queue: record.queueCode, connectedAt: record.connectedAt?.toISOString() ?? null };
  }

  stateEvent(jobNumber: string): AgentStateEvent {
    const view = this.engine.agentState(jobNumber);
    return { jobNumber, state: view.state, reason: view.reason, since: view.since, counters: this.engine.agentCounters(jobNumber) };
  }

  /** What a (re)connecting agent needs to draw the page: state, the offer ringing now, the call in hand. */
  async snapshot(jobNumber: string): Promise<{ state: AgentStateEvent; offer: OfferEvent | null; call: CallEvent | null }> {
    const view = this.engine.agentState(jobNumber);
    const offer =
      view.state === 'reserved' && view.offeredCallId
        ? await this.offerEvent(view.offeredCallId, (await this.records.find(sidOf(view.offeredCallId)))?.queueCode ?? '')
        : null;
    const call = view.callId && (view.state === 'on-call' || view.state === 'wrap-up') ? await this.callEvent(view.callId) : null;
    if (!this.lastState.has(jobNumber)) this.lastState.set(jobNumber, { state: view.state, callId: view.callId });
    return { state: this.stateEvent(jobNumber), offer, call };
  }

  // ── agents' commands

  async validate<T extends object>(type: new () => T, body: unknown): Promise<T> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new CommandError('invalid', 'the command body must be an object');
    const dto = plainToInstance(type, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      throw new CommandError('invalid', errors.flatMap((e) => Object.values(e.constraints ?? {}).map(String)).join('; '));
    }
    return dto;
  }

  async setState(agent: StaffPrincipal, body: unknown): Promise<AgentStateEvent> {
    const command = await this.validate(SetStateCommand, body);
    await guarded(() => this.presence.request(agent.jobNumber, command.state, command.reason));
    return this.stateEvent(agent.jobNumber);
  }

  /** Signed out from the page (退出): offline at once, reason `logout`. */
  async signOut(agent: StaffPrincipal): Promise<AgentStateEvent> {
    await this.presence.signOut(agent.jobNumber);
    return this.stateEvent(agent.jobNumber);
  }

  async wrapUpDone(agent: StaffPrincipal): Promise<AgentStateEvent> {
    if (this.engine.agentState(agent.jobNumber).state !== 'wrap-up') throw new CommandError('conflict', 'not in wrap-up');
    await this.engine.wrapUpDone(agent.jobNumber);
    return this.stateEvent(agent.jobNumber);
  }

  /** Declines the offer ringing now (the page rejects its Device call too; either one is enough). */
  async decline(agent: StaffPrincipal, body: unknown): Promise<void> {
    const { callSid } = await this.validate(CallCommand, body);
    const view = this.engine.agentState(agent.jobNumber);
    if (view.state !== 'reserved' || !view.offeredCallId || sidOf(view.offeredCallId) !== callSid)
      throw new CommandError('conflict', `no offer of ${callSid} is ringing for you`);
    await this.engine.offerDeclined(view.offeredCallId, agent.jobNumber);
  }

  /** Ends the agent's connected call (the caller's leg ends; telephony moves the agent to wrap-up). */
  async hangUp(agent: StaffPrincipal, body: unknown): Promise<void> {
    const { callSid } = await this.validate(CallCommand, body);
    await this.ownCall(agent, callSid);
    await guarded(() => this.control.hangUp(callSid));
  }

  /** Same as POST /calls/:callSid/transfer: to a queue or a named agent; the agent's leg ends (wrap-up) and the caller waits there. */
  async transfer(agent: StaffPrincipal, body: unknown): Promise<{ queue: string; agent?: string; agentState?: string }> {
    const command = await this.validate(TransferCommand, body);
    await this.ownCall(agent, command.callSid);
    return guarded(() => this.control.transfer(command.callSid, agent, transferTarget(command)));
  }

  /** Same as POST /calls/outbound: the agent calls a number or a work order's customer. */
  async dial(agent: StaffPrincipal, body: unknown): Promise<{ callSid: string; to: string; workOrderNumber: string | null }> {
    const command = await this.validate(DialCommand, body);
    return guarded(() => this.dialer.dial(agent, dialTarget(command)));
  }

  /** Hold and resume: the same rules and Twilio steps as POST /calls/:callSid/hold and /resume. */
  async hold(agent: StaffPrincipal, body: unknown): Promise<void> {
    const { callSid } = await this.validate(CallCommand, body);
    await this.ownCall(agent, callSid);
    await guarded(() => this.control.hold(callSid, agent));
  }

  async resume(agent: StaffPrincipal, body: unknown): Promise<void> {
    const { callSid } = await this.validate(CallCommand, body);
    await this.ownCall(agent, callSid);
    await guarded(() => this.control.resume(callSid, agent));
  }

  /** The wrap-up disposition (小结) of one of the agent's calls — while on it, in wrap-up, or later. */
  async disposition(agent: StaffPrincipal, body: unknown): Promise<{ callSid: string; code: string; note: string | null }> {
    const { callSid, code, note } = await this.validate(DispositionCommand, body);
    const record = await guarded(() => this.control.dispose(callSid, agent, { code, note }));
    return { callSid, code: record.dispositionCode!, note: record.dispositionNote };
  }

  private async ownCall(agent: StaffPrincipal, callSid: string) {
    const record = await this.records.find(callSid);
    if (!record) throw new CommandError('not-found', `no call ${callSid}`);
    if (record.endedAt) throw new CommandError('conflict', `call ${callSid} has ended`);
    // A call out is the agent's by its record (the routing engine holds no call for it); an inbound call by the engine's view.
    if (record.direction !== 'inbound' && record.connectedAt && record.agentJobNumber === agent.jobNumber) return record;
    const view = this.engine.agentState(agent.jobNumber);
    if (view.state !== 'on-call' || !view.callId || sidOf(view.callId) !== callSid)
      throw new CommandError('forbidden', `call ${callSid} is not connected to you`);
    return record;
  }

  // ── supervisors

  async wallboard(): Promise<WallboardEvent> {
    const queues = await this.routing.listQueues();
    const agentIds = this.engine.agentIds();
    const names = await this.staffNames();
    // Agents on a call out (not ready `outbound`): the engine holds no call for it, their open call-out record is it.
    const outbound = agentIds.filter((id) => this.engine.agentState(id).reason === OUTBOUND_REASON);
    const callsOut = new Map<string, CallRecord>();
    for (const record of await this.records.openCallsOut(outbound)) if (!callsOut.has(record.agentJobNumber!)) callsOut.set(record.agentJobNumber!, record);
    return {
      at: new Date(this.clock.now()).toISOString(),
      queues: queues.map((q) => {
        const live = this.engine.queueLive(q.code);
        return {
          code: q.code,
          name: q.name,
          waiting: live.waiting,
          longestWaitSeconds: live.longestWaitSeconds,
          serviceLevelSeconds: q.serviceLevelSeconds ?? 20,
          readyAgents: live.readyAgents,
          offered: live.today.offered,
          answered: live.today.answered,
          abandoned: live.today.abandoned,
          serviceLevel: live.today.serviceLevel,
        };
      }),
      agents: agentIds.sort().map((jobNumber) => {
        const view = this.engine.agentState(jobNumber);
        const today = this.engine.agentToday(jobNumber);
        const callOut = view.state === 'not-ready' ? callsOut.get(jobNumber) : undefined;
        const callSid = view.callId ? sidOf(view.callId) : view.offeredCallId ? sidOf(view.offeredCallId) : (callOut?.callSid ?? null);
        const on = callOut ? { from: callOut.toNumber, queue: callOut.queueCode } : callSid ? this.callers.get(callSid) : undefined;
        return {
          jobNumber,
          name: names.get(jobNumber) ?? null,
          state: view.state,
          reason: view.reason,
          since: view.since,
          callSid,
          caller: on?.from ?? null,
          queue: on?.queue ?? null,
          answered: today?.answered ?? 0,
          missed: today?.missed ?? 0,
        };
      }),
    };
  }

  /**
   * Signed-in agents' names: all re-read once a minute (a rename shows within it), and an agent
   * not yet known — signed in since — read at once, so the wallboard never shows a blank name.
   */
  private async staffNames(): Promise<Map<string, string>> {
    const now = Date.now();
    const ids = this.engine.agentIds();
    const stale = now - this.namesAt > 60_000;
    const wanted = stale ? ids : ids.filter((id) => !this.names.has(id));
    if (wanted.length === 0 && !stale) return this.names;
    const rows = wanted.length ? await this.staff.find({ where: { jobNumber: In(wanted) }, select: { jobNumber: true, name: true } }) : [];
    if (stale) {
      this.names = new Map();
      this.namesAt = now;
    }
    for (const row of rows) this.names.set(row.jobNumber, row.name);
    return this.names;
  }
}

function sidOf(engineCallId: string): string {
  return engineCallId.split('#')[0];
}

/** Runs a step whose HTTP-style refusals (409, 404, 403) become command errors. */
async function guarded<T>(step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // By status, whatever the class (a DomainError with its code is an HttpException too).
    if (error instanceof HttpException) {
      const status = error.getStatus();
      throw new CommandError(status === 409 ? 'conflict' : status === 404 ? 'not-found' : status === 403 ? 'forbidden' : 'invalid', error.message);
    }
    throw error;
  }
}
