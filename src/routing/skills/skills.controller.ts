import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ROLES } from '../../auth/role';
import { CreateSkillDto, UpdateSkillDto } from '../dtos/routing.dto';
import { RoutingConfigService } from '../routing-config.service';
import { Skill } from '../skill.entity';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('skills')
export class SkillsController {
  constructor(private readonly routing: RoutingConfigService) {}

  @Roles(...ROLES)
  @Get()
  list(): Promise<Skill[]> {
    return this.routing.listSkills();
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateSkillDto): Promise<Skill> {
    return this.routing.createSkill(body);
  }

  /** Renames a skill (its code stays: queues and agents' skills name it). */
  @Roles('admin')
  @Patch(':code')
  update(@Param('code') code: string, @Body() body: UpdateSkillDto): Promise<Skill> {
    return this.routing.updateSkill(code, body);
  }
}
