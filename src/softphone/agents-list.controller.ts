import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { SoftphoneService } from './softphone.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('agents')
export class AgentsListController {
  constructor(private readonly softphone: SoftphoneService) {}

  /** Every agent with their live state and today's counters (the wallboard's agent list). */
  @Roles('supervisor', 'admin')
  @Get()
  list() {
    return this.softphone.listAgents();
  }
}
