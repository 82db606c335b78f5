import { BadRequestException, Body, Controller, Get, Header, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QualityDashboardView, ReportSummaryPage, ReportViewDto } from './dtos/report-views.dto';
import type { Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { ComplaintCausesService } from './complaint-causes.service';
import { DashboardQuery, GenerateReportDto, ListCausesQuery, ListReportsQuery, PutCauseDto } from './dtos/report.dto';
import { QualityDashboardService } from './quality-dashboard.service';
import { QualityReportsService } from './quality-reports.service';
import { reportToCsv } from './report-csv';
import { renderReportPdf } from './report-pdf';
import { CATEGORY } from '../../work-orders/dtos/work-order.dto';
import { DAY_PATTERN } from '../../clock/site-day';
import { PathParamPipe } from './path-param.pipe';

const READERS = ['quality', 'supervisor', 'admin'] as const;
const siteDayParam = new PathParamPipe('date', DAY_PATTERN, 'a date YYYY-MM-DD');
const reportId = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be a report id (a whole number)']) });
// eslint-disable-next-line no-useless-assignment -- it is used, in @Param() below: the rule misses uses in parameter decorators (eslint/eslint#20947)
const causeCodeParam = new PathParamPipe('code', CATEGORY, '2–32 characters of a-z, 0-9 or _, starting with a letter');

@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality')
export class QualityReportsController {
  constructor(
    private readonly reports: QualityReportsService,
    private readonly causes: ComplaintCausesService,
    private readonly dashboard: QualityDashboardService,
  ) {}

  /** The quality dashboard: complaints by terminal per day, top units and causes, open alerts, capacity warnings. */
  @Get('dashboard')
  @Roles(...READERS)
  @ApiOkResponse({ type: QualityDashboardView })
  getDashboard(@Query() query: DashboardQuery): Promise<QualityDashboardView> {
    return this.dashboard.build(query);
  }

  /** A report over any range, computed now and stored. */
  @Post('reports')
  @Roles(...READERS)
  @ApiCreatedResponse({ type: ReportViewDto })
  generate(@Body() body: GenerateReportDto, @CurrentStaff() principal: StaffPrincipal): Promise<ReportViewDto> {
    return this.reports.generate(body.from, body.to, principal);
  }

  @Get('reports')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReportSummaryPage })
  list(@Query() query: ListReportsQuery): Promise<ReportSummaryPage> {
    return this.reports.list(query);
  }

  /** The daily report of a site day (每日总结各终端服务质量报告): made by the scheduler, or now if the day is over and it is missing. */
  @Get('reports/daily/:date')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReportViewDto })
  daily(@Param('date', siteDayParam) date: string): Promise<ReportViewDto> {
    return this.reports.daily(date);
  }

  @Get('reports/:id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReportViewDto })
  get(@Param('id', reportId) id: number): Promise<ReportViewDto> {
    return this.reports.get(id);
  }

  @Get('reports/:id/csv')
  @Roles(...READERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@Param('id', reportId) id: number, @Res({ passthrough: true }) response: Response): Promise<string> {
    const view = await this.reports.get(id);
    response.setHeader('Content-Disposition', `attachment; filename="quality-report-${view.id}-${view.from}-${view.to}.csv"`);
    return reportToCsv(view.report);
  }

  @Get('reports/:id/pdf')
  @Roles(...READERS)
  async pdf(@Param('id', reportId) id: number, @Res() response: Response): Promise<void> {
    const view = await this.reports.get(id);
    const pdf = await renderReportPdf(view);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `attachment; filename="quality-report-${view.id}-${view.from}-${view.to}.pdf"`);
    response.send(pdf);
  }

  /** The complaint cause codes (投诉原因) — everyone who files or reads work orders picks from them. */
  @Get('causes')
  @Roles('agent', 'supervisor', 'quality', 'terminal', 'admin')
  listCauses(@Query() query: ListCausesQuery) {
    return this.causes.list(query.all === true);
  }

  @Put('causes/:code')
  @Roles('quality', 'admin')
  async putCause(@Param('code', causeCodeParam) code: string, @Body() body: PutCauseDto, @Res({ passthrough: true }) response: Response) {
    const { cause, created } = await this.causes.put(code, body);
    response.status(created ? 201 : 200);
    return cause;
  }
}
