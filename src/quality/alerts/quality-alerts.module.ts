import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { HotSpotService } from './hot-spot.service';
import { QualityAlertEvents, qualityAlertEventsProvider } from './quality-alert-events';
import { QualityAlert } from './quality-alert.entity';
import { QualityAlertsController } from './quality-alerts.controller';
import { QualityAlertsService } from './quality-alerts.service';

/**
 * Quality alerts: hot spots (爆发点) and the alerts the capacity check (`capacity/`) raises, their list
 * and acknowledgement, and their live pushes (QualityAlertEvents, on the event bus).
 */
@Module({
  imports: [TypeOrmModule.forFeature([QualityAlert, TerminalUnit])],
  controllers: [QualityAlertsController],
  providers: [qualityAlertEventsProvider, QualityAlertsService, HotSpotService],
  exports: [QualityAlertEvents, QualityAlertsService, HotSpotService],
})
export class QualityAlertsModule {}
