import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QualityAlertsModule } from '../alerts/quality-alerts.module';
import { QualityVolumesModule } from '../volumes/quality-volumes.module';
import { ComplaintCause } from './complaint-cause.entity';
import { ComplaintCausesService } from './complaint-causes.service';
import { ComplaintStatsService } from './complaint-stats.service';
import { QualityDashboardService } from './quality-dashboard.service';
import { QualityReport } from './quality-report.entity';
import { QualityReportScheduler } from './quality-report-scheduler';
import { QualityReportsController } from './quality-reports.controller';
import { QualityReportsService } from './quality-reports.service';

/** Complaint tracking by terminal, unit and cause; the daily quality report and the dashboard. Reads other modules' records only. */
@Module({
  imports: [TypeOrmModule.forFeature([ComplaintCause, QualityReport]), QualityVolumesModule, QualityAlertsModule],
  controllers: [QualityReportsController],
  providers: [ComplaintStatsService, ComplaintCausesService, QualityReportsService, QualityReportScheduler, QualityDashboardService],
  exports: [ComplaintStatsService, QualityReportsService],
})
export class QualityReportsModule {}
