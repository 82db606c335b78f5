import { Body, Controller, ForbiddenException, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { AgentSkillsDto, AgentSkillsRowView, MoveAgentDto, SetAgentStateDto } from '../dtos/routing.dto';
import { AgentPresenceService } from '../agent-presence.service';
import { RoutingConfigService } from '../routing-config.service';
import { RoutingEngineService } from '../routing-engine.service';
import { AgentListService } from './agent-list.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly routing: RoutingConfigService,
    private readonly engine: RoutingEngineService,
    private readonly presence: AgentPresenceService,
    private readonly agents: AgentListService,
  ) {}

  /**
   * Supervisors and admins: every agent with their live state and today's counters (the wallboard's
   * agent list). Agents: their colleagues' presence for a transfer (转接) — job number, name, state,
   * ready ones first — without anyone's calls or figures.
   */
  @Roles('agent', 'supervisor', 'admin')
  @Get()
  list(@CurrentStaff() viewer: StaffPrincipal) {
    return viewer.roles.includes('supervisor') || viewer.roles.includes('admin') ? this.agents.listAgents() : this.agents.agentDirectory();
  }

  /** Every agent with their skills and levels (the settings page's table); declared before `:jobNumber`. */
  @Roles('supervisor', 'admin')
  @Get('skills')
  listSkills(): Promise<AgentSkillsRowView[]> {
    return this.routing.listAgentSkills();
  }

  /** An agent's current state and skills; agents may read their own. */
  @Roles('supervisor', 'admin', 'agent')
  @Get(':jobNumber')
  async get(@Param('jobNumber') jobNumber: string, @CurrentStaff() caller: StaffPrincipal) {
    assertSelfOrSupervisor(caller, jobNumber);
    const skills = await this.routing.agentSkills(jobNumber);
    return { ...this.engine.agentState(jobNumber), skills };
  }

  /** Supervisors force a state; agents set their own (ready / not-ready with a reason / offline). Ready needs the agent's softphone connected (409). */
  @Roles('supervisor', 'agent')
  @Put(':jobNumber/state')
  async setState(@Param('jobNumber') jobNumber: string, @Body() body: SetAgentStateDto, @CurrentStaff() caller: StaffPrincipal) {
    assertSelfOrSupervisor(caller, jobNumber);
    if (body.state !== 'offline') await this.routing.assertActiveAgent(jobNumber);
    return this.presence.request(jobNumber, body.state, body.reason);
  }

  @Roles('supervisor', 'admin')
  @Put(':jobNumber/skills')
  setSkills(@Param('jobNumber') jobNumber: string, @Body() body: AgentSkillsDto) {
    return this.routing.setAgentSkills(jobNumber, body);
  }

  /** Move an agent from one queue to another. */
  @Roles('supervisor')
  @Post(':jobNumber/move')
  move(@Param('jobNumber') jobNumber: string, @Body() body: MoveAgentDto) {
    return this.routing.moveAgent(jobNumber, body);
  }
}

function assertSelfOrSupervisor(caller: StaffPrincipal, jobNumber: string): void {
  if (caller.jobNumber !== jobNumber && !caller.roles.some((r) => r === 'supervisor' || r === 'admin')) {
    throw new ForbiddenException('Agents may only act on their own state');
  }
}
