import { Body, Controller, ForbiddenException, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { ROLES } from '../auth/role';
import { AgentSkillsDto, CreateQueueDto, CreateSkillDto, MoveAgentDto, SetAgentStateDto, UpdateQueueDto } from './dtos/routing.dto';
import { AgentPresenceService } from './agent-presence.service';
import { RoutingConfigService } from './routing-config.service';
import { RoutingEngineService } from './routing-engine.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('skills')
export class SkillsController {
  constructor(private readonly routing: RoutingConfigService) {}

  @Roles(...ROLES)
  @Get()
  list() {
    return this.routing.listSkills();
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateSkillDto) {
    return this.routing.createSkill(body);
  }
}

@ApiTags('routing')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(
    private readonly routing: RoutingConfigService,
    private readonly engine: RoutingEngineService,
  ) {}

  @Roles(...ROLES)
  @Get()
  list() {
    return this.routing.listQueues();
  }

  /** A queue's configuration with its live figures (waiting, longest wait, ready agents, today). */
  @Roles(...ROLES)
  @Get(':code')
  async get(@Param('code') code: string) {
    return { ...(await this.routing.getQueue(code)), live: this.engine.queueLive(code) };
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateQueueDto) {
    return this.routing.createQueue(body);
  }

  @Roles('admin', 'supervisor')
  @Patch(':code')
  update(@Param('code') code: string, @Body() body: UpdateQueueDto) {
    return this.routing.updateQueue(code, body);
  }
}

@ApiTags('routing')
@ApiBearerAuth()
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly routing: RoutingConfigService,
    private readonly engine: RoutingEngineService,
    private readonly presence: AgentPresenceService,
  ) {}

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
