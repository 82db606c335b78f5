import { Module } from '@nestjs/common';
import { AgentKpiService } from './agent-kpi.service';
import { AgentKpisController } from './agent-kpis.controller';

/** Agent KPIs by job number (工号), per site day and month, with the monthly grade; read from other modules' records. */
@Module({
  controllers: [AgentKpisController],
  providers: [AgentKpiService],
  exports: [AgentKpiService],
})
export class AgentKpisModule {}
