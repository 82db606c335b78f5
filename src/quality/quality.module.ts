import { Module } from '@nestjs/common';
import { AgentKpisModule } from './agent-kpis/agent-kpis.module';
import { QualityAlertsModule } from './alerts/quality-alerts.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { QualityCapacityModule } from './capacity/quality-capacity.module';
import { PhoneViewsModule } from './phone-views/phone-views.module';
import { QualityReportsModule } from './reports/reports.module';
import { ScorecardsModule } from './scorecards/scorecards.module';
import { SpotChecksModule } from './spot-checks/spot-checks.module';
import { QualityVolumesImportModule } from './volumes/quality-volumes-import.module';
import { QualityVolumesModule } from './volumes/quality-volumes.module';

/** Quality monitoring (服务监管), one module per folder. Reads other modules' records, never writes them. */
@Module({
  imports: [
    QualityReportsModule,
    QualityVolumesModule,
    QualityVolumesImportModule,
    QualityAlertsModule,
    QualityCapacityModule,
    ScorecardsModule,
    CallbacksModule,
    SpotChecksModule,
    PhoneViewsModule,
    AgentKpisModule,
  ],
})
export class QualityModule {}
