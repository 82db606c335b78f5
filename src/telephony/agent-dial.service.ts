import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { DomainError } from '../http/errors/domain-error';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { WorkOrdersService } from '../work-orders/work-orders.service';
import { TerminalUnitsService } from '../organisation/units/terminal-units.service';
import { CallControlService } from './call-control.service';
import { OUTBOUND_REASON } from '../routing/agent-presence.service';

/** Who an agent calls: a number, the customer of a work order they can see, or a directory entry (click-to-call). */
export type DialTarget = { to: string } | { workOrderNumber: string } | { unitCode: string };

/**
 * An agent's own call out (外呼): dialled from the softphone's keypad or by clicking a customer's or a
 * work order's number. It leaves through the one outbound path (CallControlService.placeOutbound:
 * E.164, BYOC for +86, caller ID the hotline number): the customer is called and, when they pick up,
 * the agent's softphone rings. An agent who can be offered a call (ready, or already rung or on one)
 * places none: they go not ready first. On the call out they are not ready `outbound` (CallOutPresenceService),
 * so no inbound call is offered to them meanwhile and the wallboard shows the call.
 */
@Injectable()
export class AgentDialService {
  constructor(
    private readonly control: CallControlService,
    private readonly engine: RoutingEngineService,
    private readonly workOrders: WorkOrdersService,
    private readonly units: TerminalUnitsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('agent-dial');
  }

  async dial(agent: StaffPrincipal, target: DialTarget): Promise<{ callSid: string; to: string; workOrderNumber: string | null }> {
    const { state, reason } = this.engine.agentState(agent.jobNumber);
    if (state !== 'not-ready' && state !== 'wrap-up') {
      throw new DomainError(
        'call.agent_not_idle',
        { jobNumber: agent.jobNumber, state },
        `Agent ${agent.jobNumber} is ${state}; go not ready (or finish the call) before placing a call`,
      );
    }
    const workOrderNumber = 'workOrderNumber' in target ? target.workOrderNumber : null;
    const to = workOrderNumber
      ? (await this.workOrders.get(workOrderNumber, agent)).customer.phone
      : 'unitCode' in target
        ? await this.directoryNumber(target.unitCode)
        : (target as { to: string }).to;
    // After the target is resolved, so a wrong one is named (404) whatever the agent is doing.
    if (state === 'not-ready' && reason === OUTBOUND_REASON)
      throw new DomainError(
        'call.agent_not_idle',
        { jobNumber: agent.jobNumber, state },
        `Agent ${agent.jobNumber} is on a call out; end it before placing another`,
      );
    const callSid = await this.control.placeOutbound({ to, agent: agent.jobNumber, purpose: 'agent-dial' });
    if (workOrderNumber) {
      await this.workOrders
        .linkCall(workOrderNumber, callSid, agent)
        .catch((err: unknown) => this.logger.warn({ err, callSid, workOrderNumber }, 'could not link the call to its work order'));
    }
    return { callSid, to, workOrderNumber };
  }

  /** The number the directory holds now for a unit (登记并更新门店、物流、厂家电话): kept current by supervisors, never copied into the page. */
  private async directoryNumber(unitCode: string): Promise<string> {
    const unit = await this.units.byCode(unitCode);
    if (!unit.phone) throw new UnprocessableEntityException(`Unit ${unitCode} has no phone number in the directory`);
    return unit.phone;
  }
}
