import { AcdCommand, AcdEngine, AcdError, Clock, QueueConfig, Skills } from '@hotline/acd';
import { ConflictException, Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject } from 'rxjs';
import { ConfigVariables } from '../../config/config-variables';
import { ROUTING_CLOCK } from './clock';
import { AgentStateRequest, QueueView } from './dtos/routing.dto';

export interface AgentStateView {
  jobNumber: string;
  state: string;
  reason: string | null;
  since: string;
  offeredCallId: string | null;
  callId: string | null;
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
  private timer?: NodeJS.Timeout;
  private timerAt?: number;
  /** Called at start-up to load queues and skills; set by RoutingConfigService. */
  loadConfiguration?: () => Promise<void>;

  constructor(
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
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

  async onApplicationBootstrap(): Promise<void> {
    await this.loadConfiguration?.();
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.commandsSubject.complete();
  }

  /** The longest an agent is rung: three rings of the site's cadence. */
  get ringSeconds(): number {
    return this.config.RING_CADENCE_SECONDS * this.config.RING_COUNT;
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
      overflow: queue.overflowQueueCode && queue.overflowAfterSeconds ? { afterSeconds: queue.overflowAfterSeconds, target: queue.overflowQueueCode } : undefined,
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
        this.engine.agentSetState(jobNumber, state === 'not-ready' ? { state, reason: reason ?? 'other' } : { state }),
      );
    }
    return this.agentState(jobNumber);
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
    const waiting = this.engine.queueIds().includes(code) ? this.engine.waitingCalls(code) : [];
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

  /** Runs one engine event, publishes its commands and re-arms the deadline timer. Engine refusals become 409. */
  private run(event: () => AcdCommand[]): void {
    let commands: AcdCommand[];
    try {
      commands = event();
    } catch (error) {
      if (error instanceof AcdError) throw new ConflictException(error.message);
      throw error;
    }
    for (const command of commands) this.commandsSubject.next(command);
    this.armTimer();
  }

  private armTimer(): void {
    const next = this.engine.nextDeadline();
    if (next === undefined || next === this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      try {
        this.run(() => this.engine.tick());
      } catch (error) {
        this.logger.error({ err: error }, 'routing tick failed');
      }
    }, Math.max(0, next - this.clock.now()));
    this.timer.unref();
  }
}
