import { Controller, Get, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { ROLES } from '../auth/role';
import { AgentSkill } from './agent-skill.entity';
import { CallQueue } from './call-queue.entity';
import { Skill } from './skill.entity';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('queues')
export class CallQueueController {
  constructor(@InjectRepository(CallQueue) private readonly queues: Repository<CallQueue>) {}

  @Roles(...ROLES)
  @Get()
  list(): Promise<CallQueue[]> {
    return this.queues.find({ relations: { skill: true }, order: { id: 'ASC' } });
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([Skill, CallQueue, AgentSkill])],
  controllers: [CallQueueController],
})
export class RoutingModule {}
