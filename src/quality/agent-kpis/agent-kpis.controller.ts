import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AgentKpiResponseView } from './dtos/agent-kpi-view.dto';
import { Roles } from '../../auth/auth.decorators';
import { agentKpisToCsv } from './agent-kpi';
import { AgentKpiService } from './agent-kpi.service';
import { AgentKpiQuery } from './dtos/agent-kpi-query.dto';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality')
export class AgentKpisController {
  constructor(private readonly kpis: AgentKpiService) {}

  /** Agent KPIs by job number (工号), per site day and month, with the monthly grade. */
  @Get('agent-kpis')
  @Roles('quality', 'supervisor', 'admin')
  @ApiOkResponse({ type: AgentKpiResponseView })
  agentKpis(@Query() query: AgentKpiQuery): Promise<AgentKpiResponseView> {
    return this.kpis.report(query);
  }

  /** The same figures as CSV (UTF-8 with BOM), for piece-rate pay (计件工资). */
  @Get('agent-kpis.csv')
  @Roles('quality', 'supervisor', 'admin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async agentKpisCsv(@Query() query: AgentKpiQuery, @Res({ passthrough: true }) response: Response): Promise<string> {
    const suffix = query.jobNumber ? `-${query.jobNumber}` : '';
    response.setHeader('Content-Disposition', `attachment; filename="agent-kpis-${query.from}-${query.to}${suffix}.csv"`);
    return agentKpisToCsv(await this.kpis.report(query));
  }
}
