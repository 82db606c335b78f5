import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Staff } from '../../auth/staff.entity';
import { RoutingEngineService } from '../routing-engine.service';

/** GET /agents: the staff list's agents with the routing engine's live state. */
@Injectable()
export class AgentListService {
  constructor(
    private readonly engine: RoutingEngineService,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
  ) {}

  /** For supervisors and admins: every agent on the staff list with their live state and today's counters. */
  async listAgents() {
    const staff = await this.staff.find({ order: { jobNumber: 'ASC' } });
    return staff
      .filter((s) => (s.roles as string[]).includes('agent'))
      .map((s) => ({ ...this.engine.agentState(s.jobNumber), name: s.name, today: this.engine.agentCounters(s.jobNumber) }));
  }

  /** For agents: who can take a transfer — ready first, then other signed-in states, offline last; job number order within. */
  async agentDirectory(): Promise<{ jobNumber: string; name: string; state: string }[]> {
    const rank = (state: string) => (state === 'ready' ? 0 : state === 'offline' ? 2 : 1);
    const staff = await this.staff.find({ order: { jobNumber: 'ASC' } });
    return staff
      .filter((s) => s.active && (s.roles as string[]).includes('agent'))
      .map((s) => ({ jobNumber: s.jobNumber, name: s.name, state: this.engine.agentState(s.jobNumber).state }))
      .sort((a, b) => rank(a.state) - rank(b.state) || a.jobNumber.localeCompare(b.jobNumber));
  }
}
