import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { HotSpotService } from './hot-spot.service';
import { QualityAlertEvents } from './quality-alert-events';
import { QualityAlert } from './quality-alert.entity';
import { QualityAlertsController } from './quality-alerts.controller';
import { QualityAlertsService } from './quality-alerts.service';

/**
 * Quality alerts: hot spots (爆发点) and the alerts the capacity check (`capacity/`) raises, their list
 * and acknowledgement, and the live pushes (QualityAlertEvents).
 */
@Module({
  imports: [TypeOrmModule.forFeature([QualityAlert, TerminalUnit])],
  controllers: [QualityAlertsController],
  providers: [QualityAlertEvents, QualityAlertsService, HotSpotService],
  exports: [QualityAlertEvents, QualityAlertsService, HotSpotService],
})
export class QualityAlertsModule {}
