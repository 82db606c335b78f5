import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { SoftphoneService } from './softphone.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('agents')
export class AgentsListController {
  constructor(private readonly softphone: SoftphoneService) {}

  /**
   * Supervisors and admins: every agent with their live state and today's counters (the wallboard's
   * agent list). Agents: their colleagues' presence for a transfer (转接) — job number, name, state,
   * ready ones first — without anyone's calls or figures.
   */
  @Roles('agent', 'supervisor', 'admin')
  @Get()
  list(@CurrentStaff() viewer: StaffPrincipal) {
    return viewer.roles.includes('supervisor') || viewer.roles.includes('admin') ? this.softphone.listAgents() : this.softphone.agentDirectory();
  }
}
