import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { CapacityWarningService } from '../capacity/capacity-warning.service';
import { CsvBodyMiddleware } from '../capacity/csv-body.middleware';
import { VolumesController } from '../capacity/volumes.controller';
import { QualityVolumesModule } from '../volumes/quality-volumes.module';
import { HotSpotService } from './hot-spot.service';
import { QualityAlertEvents } from './quality-alert-events';
import { QualityAlert } from './quality-alert.entity';
import { QualityAlertsController } from './quality-alerts.controller';
import { QualityAlertsService } from './quality-alerts.service';

/**
 * Quality alerts: hot spots (爆发点) and the logistics capacity early warning (作业量预警), their list and
 * acknowledgement, the volumes import that feeds the capacity check, and the live pushes (QualityAlertEvents).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([QualityAlert, TerminalUnit]),
    QualityVolumesModule,
    MulterModule.registerAsync({ inject: [ConfigVariables], useFactory: (config: ConfigVariables) => ({ limits: { fileSize: config.BODY_LIMIT_BYTES, files: 1 } }) }),
  ],
  controllers: [QualityAlertsController, VolumesController],
  providers: [QualityAlertEvents, QualityAlertsService, HotSpotService, CapacityWarningService, CsvBodyMiddleware],
  exports: [QualityAlertEvents, QualityAlertsService, HotSpotService, CapacityWarningService],
})
export class QualityAlertsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsvBodyMiddleware).forRoutes({ path: 'quality/volumes.csv', method: RequestMethod.POST });
  }
}
