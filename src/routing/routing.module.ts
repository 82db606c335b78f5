import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Staff } from '../auth/staff.entity';
import { AgentSkill } from './agent-skill.entity';
import { CallQueue } from './call-queue.entity';
import { RoutingConfigService } from './routing-config.service';
import { RoutingEngineService } from './routing-engine.service';
import { AgentsController, QueuesController, SkillsController } from './routing.controller';
import { Skill } from './skill.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Skill, CallQueue, AgentSkill, Staff])],
  controllers: [SkillsController, QueuesController, AgentsController],
  providers: [RoutingEngineService, RoutingConfigService],
  exports: [RoutingEngineService, RoutingConfigService],
})
export class RoutingModule {}
