import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Staff } from '../auth/staff.entity';
import { AgentPresenceService } from './agent-presence.service';
import { AgentRejoinService } from './agent-rejoin.service';
import { AgentSkill } from './agent-skill.entity';
import { AgentStateChange } from './agent-state-change.entity';
import { AgentStateLogService } from './agent-state-log.service';
import { CallQueue } from './call-queue.entity';
import { RoutingConfigService } from './routing-config.service';
import { RoutingEngineService } from './routing-engine.service';
import { RoutingJournal } from './routing-journal.service';
import { RoutingLeadership } from './routing-leadership.service';
import { Skill } from './skill.entity';
import { AgentListService } from './agents/agent-list.service';
import { AgentsController } from './agents/agents.controller';
import { QueuesController } from './queues/queues.controller';
import { SkillsController } from './skills/skills.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Skill, CallQueue, AgentSkill, Staff, AgentStateChange])],
  controllers: [SkillsController, QueuesController, AgentsController],
  providers: [
    RoutingEngineService,
    RoutingConfigService,
    AgentStateLogService,
    AgentPresenceService,
    AgentRejoinService,
    AgentListService,
    RoutingJournal,
    RoutingLeadership,
  ],
  exports: [RoutingEngineService, RoutingConfigService, AgentStateLogService, AgentPresenceService, RoutingJournal, RoutingLeadership],
})
export class RoutingModule {}
