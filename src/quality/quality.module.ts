import { Module } from '@nestjs/common';
import { AgentKpiService } from './agent-kpi.service';
import { CallbacksModule } from './callbacks/callbacks.module';
import { SpotChecksModule } from './spot-checks/spot-checks.module';
import { QualityController } from './quality.controller';
import { QualityReportsModule } from './reports/reports.module';
import { ScorecardsModule } from './scorecards/scorecards.module';
import { QualityVolumesModule } from './volumes/quality-volumes.module';
import { QualityAlertsModule } from './alerts/quality-alerts.module';

/** Quality monitoring (服务监管). So far: agent KPIs by job number. Reads other modules' records, never writes them. */
@Module({
  imports: [QualityReportsModule, QualityVolumesModule, QualityAlertsModule, ScorecardsModule, CallbacksModule, SpotChecksModule],
  controllers: [QualityController],
  providers: [AgentKpiService],
  exports: [AgentKpiService],
})
export class QualityModule {}
