import { ConflictException, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { WorkOrdersService } from '../work-orders/work-orders.service';
import { CallControlService } from './call-control.service';

/** Who an agent calls: a number, or the customer of a work order they can see (click-to-call). */
export type DialTarget = { to: string } | { workOrderNumber: string };

/**
 * An agent's own call out (外呼): dialled from the softphone's keypad or by clicking a customer's or a
 * work order's number. It leaves through the one outbound path (CallControlService.placeOutbound:
 * E.164, BYOC for +86, caller ID the hotline number): the customer is called and, when they pick up,
 * the agent's softphone rings. An agent who can be offered a call (ready, or already rung or on one)
 * places none: they go not ready first, so no inbound call is offered to them meanwhile.
 */
@Injectable()
export class AgentDialService {
  constructor(
    private readonly control: CallControlService,
    private readonly engine: RoutingEngineService,
    private readonly workOrders: WorkOrdersService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('agent-dial');
  }

  async dial(agent: StaffPrincipal, target: DialTarget): Promise<{ callSid: string; to: string; workOrderNumber: string | null }> {
    const { state } = this.engine.agentState(agent.jobNumber);
    if (state !== 'not-ready' && state !== 'wrap-up') {
      throw new ConflictException(`Agent ${agent.jobNumber} is ${state}; go not ready (or finish the call) before placing a call`);
    }
    const workOrderNumber = 'workOrderNumber' in target ? target.workOrderNumber : null;
    const to = workOrderNumber ? (await this.workOrders.get(workOrderNumber, agent)).customer.phone : (target as { to: string }).to;
    const callSid = await this.control.placeOutbound({ to, agent: agent.jobNumber, purpose: 'agent-dial' });
    if (workOrderNumber) {
      await this.workOrders
        .linkCall(workOrderNumber, callSid, agent)
        .catch((err: unknown) => this.logger.warn({ err, callSid, workOrderNumber }, 'could not link the call to its work order'));
    }
    return { callSid, to, workOrderNumber };
  }
}
