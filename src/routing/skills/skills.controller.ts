import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ROLES } from '../../auth/role';
import { CreateSkillDto } from '../dtos/routing.dto';
import { RoutingConfigService } from '../routing-config.service';

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
