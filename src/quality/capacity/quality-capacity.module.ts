import { Module } from '@nestjs/common';
import { QualityAlertsModule } from '../alerts/quality-alerts.module';
import { QualityVolumesModule } from '../volumes/quality-volumes.module';
import { CapacityController } from './capacity.controller';
import { CapacityWarningService } from './capacity-warning.service';

/** The logistics capacity early warning (作业量预警): capacity per unit and day, its changes, and the scheduled check that raises alerts. */
@Module({
  imports: [QualityVolumesModule, QualityAlertsModule],
  controllers: [CapacityController],
  providers: [CapacityWarningService],
  exports: [CapacityWarningService],
})
export class QualityCapacityModule {}
