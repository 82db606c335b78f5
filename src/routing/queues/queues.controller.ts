import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ROLES } from '../../auth/role';
import { CreateQueueDto, UpdateQueueDto } from '../dtos/routing.dto';
import { RoutingConfigService } from '../routing-config.service';
import { RoutingEngineService } from '../routing-engine.service';

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
