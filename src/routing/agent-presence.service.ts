import { ConflictException, Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subscription } from 'rxjs';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { AgentRejoinService } from './agent-rejoin.service';
import { AgentStateRequest } from './dtos/routing.dto';
import { RoutingConfigService } from './routing-config.service';
import { AgentStateView, RoutingEngineService } from './routing-engine.service';
import { RENEW_MS, RoutingLeadership } from './routing-leadership.service';

/** Why presence changed an agent's state — the reasons in `agent_state_change`. */
/** The not-ready reason of an agent on a call out (外呼中, telephony's CallOutPresenceService): no inbound offer meanwhile. */
export const OUTBOUND_REASON = 'outbound';

export const PRESENCE_REASONS = {
  /** Signed in: a softphone connected for an agent who was offline. */
  login: 'login',
  /** Signed out from the page (退出). */
  logout: 'logout',
  /** Not-ready while the reconnect grace runs: the last softphone socket dropped. */
  disconnected: 'disconnected',
  /** Offline: no softphone came back within the grace. */
  disconnect: 'disconnect',
} as const;

const OFFERABLE = new Set(['ready', 'reserved']);
/**
 * The reconnect grace of agents whose softphone was on a process that died: their pages reconnect
 * through the load balancer while the site is busy taking over (a restart of the process compiling,
 * a new leader reconciling); at the 5 s of a lost network, chaos runs under load saw three of ten
 * agents go offline with their pages back seconds later, signed in not-ready, out of service.
 */
const PROCESS_GONE_GRACE_MS = 30_000;

/**
 * Presence is the session: an agent can be offered a call only while a signed-in softphone holds a
 * live socket. The gateway reports each socket; this service turns them into the agent's state in
 * the routing engine (so every change, with its reason, reaches the state log):
 * - the first socket of an offline agent signs them in (not-ready, `login`); more tabs change nothing;
 *   after a restart, one who was taking calls when the server stopped is ready again (AgentRejoinService),
 *   or on the call Twilio kept going (restored by the telephony's call recovery);
 * - the last socket gone (tab closed, network lost): not offerable at once — a ringing offer is
 *   withdrawn (not a miss) and the caller goes to the next agent or back to their place — and after
 *   `SOFTPHONE_RECONNECT_GRACE_SECONDS` the agent is offline (`disconnect`); a socket back within the
 *   grace restores ready;
 * - signing out (退出): offline at once (`logout`).
 * Nobody, agent or supervisor, can make an agent ready without a live softphone. The sockets are
 * counted in the routing state (RoutingEngineService), so with several processes an agent whose
 * softphone is on one is reachable from all; the leader notices a process that died holding sockets.
 */
@Injectable()
export class AgentPresenceService implements OnModuleInit, OnModuleDestroy {
  /** Agents whose last socket dropped on this process: the grace timer, and whether a reconnect makes them ready again. */
  private readonly reconnecting = new Map<string, { timer: unknown; restoreReady: boolean }>();
  /** Back within the grace while wrapping up a call that ended meanwhile: ready when the wrap-up ends. */
  private readonly readyAfterWrapUp = new Set<string>();
  private subscription?: Subscription;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly engine: RoutingEngineService,
    private readonly routing: RoutingConfigService,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly logger: PinoLogger,
    private readonly rejoin: AgentRejoinService,
    private readonly leadership: RoutingLeadership,
  ) {
    logger.setContext('agent-presence');
  }

  onModuleInit(): void {
    // The engine itself can make an agent offerable (a wrap-up ending) while their softphone is away:
    // take them off again straight after this event's commands are out, before anything else runs.
    // Every process sees the command; the leader alone acts on it.
    this.subscription = this.engine.commands.subscribe((command) => {
      if (command.type !== 'agent-state') return;
      if (this.leadership.isLeader && OFFERABLE.has(command.state) && !this.isReachable(command.agentId))
        queueMicrotask(() => void this.keepUnreachableOff(command.agentId));
      if (command.state !== 'wrap-up' && this.readyAfterWrapUp.delete(command.agentId) && command.reason === PRESENCE_REASONS.disconnected) {
        queueMicrotask(() => void this.restoreReady(command.agentId));
      }
    });
    if (this.leadership.clustered) this.sweeper = setInterval(() => void this.sweepDeadProcesses(), RENEW_MS);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.sweeper) clearInterval(this.sweeper);
    for (const { timer } of this.reconnecting.values()) this.clock.clearTimeout(timer);
    this.reconnecting.clear();
  }

  /** This process was taken for dead while alive: the gateway counts its sockets again (softphoneConnected). */
  get declaredGone(): Observable<void> {
    return this.engine.declaredGone;
  }

  /** Does a softphone of this agent hold a live socket (on any process)? */
  isReachable(jobNumber: string): boolean {
    return this.engine.isReachable(jobNumber);
  }

  /** A signed-in softphone's socket is up: signs an offline agent in, or ends a reconnect grace. */
  async softphoneConnected(jobNumber: string, socketId: string): Promise<void> {
    await this.engine.softphoneUp(jobNumber, socketId);
    const grace = this.reconnecting.get(jobNumber);
    const view = this.engine.agentState(jobNumber);
    // Dropped on a process that died (or on another one): held off as a grace here would have been.
    const heldOffElsewhere = !grace && view.state === 'not-ready' && view.reason === PRESENCE_REASONS.disconnected;
    if (grace || heldOffElsewhere) {
      if (grace) this.clock.clearTimeout(grace.timer);
      this.reconnecting.delete(jobNumber);
      if (grace && !grace.restoreReady) return;
      // On a call: ready clears the not-ready kept for its end. In a wrap-up: at its end.
      if (view.state === 'wrap-up') this.readyAfterWrapUp.add(jobNumber);
      else await this.restoreReady(jobNumber);
      return;
    }
    if (view.state !== 'offline') return;
    const skills = await this.routing.engineSkills(jobNumber);
    // Still connected, still offline (the skills were read meanwhile): sign in, not ready yet —
    // unless a restart took them away from taking calls (the rejoin): then as they were.
    if (this.isReachable(jobNumber) && this.engine.agentState(jobNumber).state === 'offline') {
      await this.engine.signIn(jobNumber, skills, this.rejoin.takeAvailable(jobNumber));
    }
  }

  /** A softphone socket closed. The agent's last one starts the reconnect grace. */
  async softphoneDisconnected(jobNumber: string, socketId: string): Promise<void> {
    if (await this.engine.softphoneDown(jobNumber, socketId)) return;
    await this.lostLastSocket(jobNumber);
  }

  /** The agent has no softphone socket left anywhere: off at once, offline after the grace. */
  private async lostLastSocket(jobNumber: string, atLeastMs = 0): Promise<void> {
    const view = this.engine.agentState(jobNumber);
    if (view.state === 'offline' || this.reconnecting.has(jobNumber)) return;
    const graceMs = Math.max(this.config.SOFTPHONE_RECONNECT_GRACE_SECONDS * 1000, atLeastMs);
    if (graceMs === 0) {
      await this.change(jobNumber, { state: 'offline', reason: PRESENCE_REASONS.disconnect });
      return;
    }
    // Ready or being rung: off at once (a ringing offer is withdrawn, not missed). On a call: the
    // call goes on, and its end leaves the agent not-ready rather than ready. Wrap-up runs on.
    const restoreReady = OFFERABLE.has(view.state) || view.state === 'on-call';
    const timer = this.clock.setTimeout(() => {
      const grace = this.reconnecting.get(jobNumber);
      this.reconnecting.delete(jobNumber);
      if (!this.isReachable(jobNumber)) void this.change(jobNumber, { state: 'offline', reason: PRESENCE_REASONS.disconnect });
      // Back on another process meanwhile, which could not see this grace: as a reconnect here.
      else if (grace?.restoreReady) void this.restoreReady(jobNumber);
    }, graceMs);
    this.reconnecting.set(jobNumber, { timer, restoreReady });
    if (!restoreReady) return;
    await this.change(jobNumber, { state: 'not-ready', reason: PRESENCE_REASONS.disconnected });
    // A softphone back on another process while this change was on its way found the agent not yet held off.
    if (this.isReachable(jobNumber) && this.reconnecting.get(jobNumber)?.restoreReady) {
      this.endGrace(jobNumber);
      await this.restoreReady(jobNumber);
    }
  }

  /**
   * The leader's watch over the other processes: one that stopped reporting itself alive (killed)
   * leaves its agents' sockets behind in the routing state. They are dropped, and an agent left
   * without any is treated as disconnected (their softphone reconnects to another process, or the
   * grace ends them).
   */
  async sweepDeadProcesses(): Promise<void> {
    if (!this.leadership.isLeader) return;
    try {
      for (const process of this.engine.socketProcesses()) {
        if (await this.leadership.isAlive(process)) continue;
        this.logger.warn({ process }, 'a server process stopped holding softphone sockets; they are dropped');
        for (const jobNumber of await this.engine.processGone(process)) await this.lostLastSocket(jobNumber, PROCESS_GONE_GRACE_MS);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check the other processes');
    }
  }

  /** Signed out from the page: offline at once (after the call, if on one). */
  signOut(jobNumber: string): Promise<AgentStateView> {
    this.endGrace(jobNumber);
    return this.change(jobNumber, { state: 'offline', reason: PRESENCE_REASONS.logout });
  }

  /**
   * A state asked for by the agent (softphone, REST) or a supervisor. Ready needs a live softphone;
   * not-ready needs the agent signed in (their softphone may be reconnecting).
   */
  async request(jobNumber: string, state: AgentStateRequest, reason?: string): Promise<AgentStateView> {
    if (state === 'ready' && !this.isReachable(jobNumber)) {
      throw new ConflictException(`${jobNumber} has no softphone connected: an agent is offered calls only while their softphone page is open`);
    }
    if (state === 'not-ready' && !this.isReachable(jobNumber) && this.engine.agentState(jobNumber).state === 'offline') {
      throw new ConflictException(`${jobNumber} is signed out: their softphone page signs them in`);
    }
    // An explicit choice wins over restoring ready on reconnect.
    const grace = this.reconnecting.get(jobNumber);
    if (grace) grace.restoreReady = false;
    this.readyAfterWrapUp.delete(jobNumber);
    if (state === 'offline') this.endGrace(jobNumber);
    const skills = await this.routing.engineSkills(jobNumber);
    return this.engine.setAgentState(jobNumber, skills, state, reason);
  }

  private async restoreReady(jobNumber: string): Promise<void> {
    const view = this.engine.agentState(jobNumber);
    const heldOff = view.state === 'on-call' || (view.state === 'not-ready' && view.reason === PRESENCE_REASONS.disconnected);
    if (heldOff && this.isReachable(jobNumber)) await this.change(jobNumber, { state: 'ready' });
  }

  private async keepUnreachableOff(jobNumber: string): Promise<void> {
    if (this.isReachable(jobNumber) || !OFFERABLE.has(this.engine.agentState(jobNumber).state)) return;
    const grace = this.reconnecting.get(jobNumber);
    if (grace) grace.restoreReady = true;
    this.logger.info({ jobNumber }, 'agent became offerable without a softphone; set not-ready');
    await this.change(jobNumber, { state: 'not-ready', reason: PRESENCE_REASONS.disconnected });
    if (this.isReachable(jobNumber)) await this.restoreReady(jobNumber); // came back meanwhile
  }

  private endGrace(jobNumber: string): void {
    this.readyAfterWrapUp.delete(jobNumber);
    const grace = this.reconnecting.get(jobNumber);
    if (grace) this.clock.clearTimeout(grace.timer);
    this.reconnecting.delete(jobNumber);
  }

  /** A change for a signed-in agent (presence never signs anyone in but through softphoneConnected). */
  private async change(jobNumber: string, request: { state: 'ready' } | { state: 'not-ready' | 'offline'; reason: string }): Promise<AgentStateView> {
    if (this.engine.agentState(jobNumber).state === 'offline') return this.engine.agentState(jobNumber);
    try {
      return await this.engine.setAgentState(jobNumber, {}, request.state, 'reason' in request ? request.reason : undefined);
    } catch (error) {
      this.logger.error({ err: error, jobNumber, request }, 'presence could not change the agent state');
      return this.engine.agentState(jobNumber);
    }
  }
}
