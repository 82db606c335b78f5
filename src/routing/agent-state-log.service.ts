import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { AgentRejoinService } from './agent-rejoin.service';
import { AgentStateChange } from './agent-state-change.entity';
import { RoutingEngineService } from './routing-engine.service';
import { RoutingJournal } from './routing-journal.service';

/**
 * Writes every agent state change the routing engine decides — whoever asked for it (the agent's
 * softphone, `PUT /agents/:jobNumber/state`, a supervisor) and the engine's own (missed call →
 * not-ready) — to `agent_state_change`, at the engine's time. Append-only; the quality module's
 * not-ready-by-reason figures are computed from it.
 */
@Injectable()
export class AgentStateLogService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;
  private pending = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: RoutingEngineService,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly rejoin: AgentRejoinService,
    private readonly journal: RoutingJournal,
  ) {
    logger.setContext('agent-state-log');
  }

  onModuleInit(): void {
    this.subscription = this.engine.commands.subscribe((command) => {
      // Every process applies every command; the leader alone writes the log.
      if (command.type !== 'agent-state' || !this.engine.isLeader) return;
      const row = { jobNumber: command.agentId, state: command.state, reason: command.reason ?? null, at: new Date(command.at) };
      // One write at a time, in the engine's order; a failed write is logged, never thrown into the engine.
      this.pending = this.pending
        .then(() => this.db.getRepository(AgentStateChange).insert(row))
        .then(
          () => undefined,
          (error: unknown) => this.logger.error({ err: error, ...row }, 'could not log agent state change'),
        );
    });
  }

  /**
   * The engine starts with every agent signed out, so an agent the log last saw in any other state
   * (the server stopped under them) is logged offline now — else their last not-ready would run on.
   * What they were doing is handed to the rejoin, so their softphone's reconnect restores it.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.journal.start();
    // Joining running processes: the agents signed in are theirs, not a restart's leftovers.
    if (this.journal.clustered && !this.journal.startedEmpty) return this.pending;
    this.pending = this.pending
      .then(async () => {
        const repo = this.db.getRepository(AgentStateChange);
        const last = await repo
          .createQueryBuilder('s')
          .select(['s.id', 's.jobNumber', 's.state'])
          .where((qb) => `s.id IN ${qb.subQuery().select('MAX(p.id)').from(AgentStateChange, 'p').groupBy('p.jobNumber').getQuery()}`)
          .getMany();
        const stale = last.filter((s) => s.state !== 'offline');
        this.rejoin.rememberStates(stale);
        const at = new Date(this.clock.now());
        if (stale.length) await repo.insert(stale.map((s) => ({ jobNumber: s.jobNumber, state: 'offline', reason: 'restart', at })));
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not close the state log of agents signed in before the restart'));
    return this.pending;
  }

  /** Resolves once every change seen so far is written (shutdown, tests). */
  flushed(): Promise<void> {
    return this.pending;
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.pending;
  }
}
