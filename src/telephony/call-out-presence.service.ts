import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, Not } from 'typeorm';
import { OUTBOUND_REASON } from '../routing/agent-presence.service';
import { AgentStateChange } from '../routing/agent-state-change.entity';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { CallRecordsService } from './call-records.service';

/**
 * An agent's presence while on their own call out (外呼, click-to-call) or a callback visit (回访): the
 * routing engine holds no call for it, so the agent is put not-ready `outbound` — offered nothing,
 * logged with its reason, shown on the wallboard as on a call out — and afterwards goes back to what
 * the state log says they were: not ready with their reason, or ready (from ready, or from a wrap-up
 * that would have ended meanwhile). Read from the log, so any process may end it.
 */
@Injectable()
export class CallOutPresenceService {
  constructor(
    private readonly engine: RoutingEngineService,
    private readonly records: CallRecordsService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('call-out-presence');
  }

  /** The agent placed call `callSid` out: not ready `outbound` (unless signed out, or rung or on a call the engine holds). */
  async begin(jobNumber: string, callSid: string): Promise<void> {
    const { state, reason } = this.engine.agentState(jobNumber);
    if (state !== 'ready' && state !== 'wrap-up' && !(state === 'not-ready' && reason !== OUTBOUND_REASON)) return;
    await this.engine.setAgentState(jobNumber, {}, 'not-ready', OUTBOUND_REASON);
    // Over already (the customer refused it at once): its end found them not yet `outbound`, so it is ended here.
    if ((await this.records.find(callSid))?.endedAt) await this.end(jobNumber);
  }

  /** The agent's call out is over for them: back to their state before it, if nobody changed it since. */
  async end(jobNumber: string): Promise<void> {
    const { state, reason } = this.engine.agentState(jobNumber);
    if (state !== 'not-ready' || reason !== OUTBOUND_REASON) return;
    const before = await this.db.getRepository(AgentStateChange).findOne({
      where: [
        { jobNumber, state: Not('not-ready') },
        { jobNumber, reason: Not(OUTBOUND_REASON) },
      ],
      order: { id: 'DESC' },
    });
    this.logger.debug({ jobNumber, before: before && { state: before.state, reason: before.reason } }, 'call out over');
    if (before?.state === 'not-ready' && before.reason) await this.engine.setAgentState(jobNumber, {}, 'not-ready', before.reason);
    else if (before?.state === 'ready' || before?.state === 'wrap-up') await this.engine.setAgentState(jobNumber, {}, 'ready');
    else await this.engine.setAgentState(jobNumber, {}, 'not-ready', 'other');
  }
}
