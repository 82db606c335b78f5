import { Inject, Injectable } from '@nestjs/common';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';

/** States in which an agent was taking calls: a restart should hand them back ready. */
const AVAILABLE = new Set(['ready', 'reserved', 'on-call', 'wrap-up']);

/**
 * A restart is, to an agent, a reconnect: Twilio kept their calls going and their softphone page
 * reconnects by itself, so one who was taking calls when the server stopped should not have to go
 * ready again by hand while callers wait. Remembers who was available (from the state log's last
 * entries) for `RESTART_REJOIN_SECONDS` after the start; presence asks once per agent.
 */
@Injectable()
export class AgentRejoinService {
  private readonly available = new Set<string>();
  private readonly until: number;

  constructor(
    config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    this.until = clock.now() + config.RESTART_REJOIN_SECONDS * 1000;
  }

  /** The agents' last logged states when the previous process stopped. */
  rememberStates(states: Array<{ jobNumber: string; state: string }>): void {
    for (const { jobNumber, state } of states) if (AVAILABLE.has(state)) this.available.add(jobNumber);
  }

  /** Whether the agent signing in now was available when the server stopped (asked once: later sign-ins are ordinary). */
  takeAvailable(jobNumber: string): boolean {
    return this.available.delete(jobNumber) && this.clock.now() <= this.until;
  }
}
