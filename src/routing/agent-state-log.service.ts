import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AgentStateChange } from './agent-state-change.entity';
import { RoutingEngineService } from './routing-engine.service';

/**
 * Writes every agent state change the routing engine decides — whoever asked for it (the agent's
 * softphone, `PUT /agents/:jobNumber/state`, a supervisor) and the engine's own (missed call →
 * not-ready) — to `agent_state_change`, at the engine's time. Append-only; the quality module's
 * not-ready-by-reason figures are computed from it.
 */
@Injectable()
export class AgentStateLogService implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;
  private pending = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: RoutingEngineService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('agent-state-log');
  }

  onModuleInit(): void {
    this.subscription = this.engine.commands.subscribe((command) => {
      if (command.type !== 'agent-state') return;
      const row = { jobNumber: command.agentId, state: command.state, reason: command.reason ?? null, at: new Date(command.at) };
      // One write at a time, in the engine's order; a failed write is logged, never thrown into the engine.
      this.pending = this.pending
        .then(() => this.db.getRepository(AgentStateChange).insert(row))
        .then(() => undefined, (error) => this.logger.error({ err: error, ...row }, 'could not log agent state change'));
    });
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
