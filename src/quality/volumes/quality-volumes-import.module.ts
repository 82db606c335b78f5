import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ConfigVariables } from '../../../config/config-variables';
import { QualityCapacityModule } from '../capacity/quality-capacity.module';
import { CsvBodyMiddleware } from './csv-body.middleware';
import { QualityVolumesModule } from './quality-volumes.module';
import { VolumesController } from './volumes.controller';

/**
 * The /quality/volumes routes. A module of their own beside QualityVolumesModule: an import answers with
 * the capacity check it triggers, and the capacity check reads volumes — one module would import the other both ways.
 */
@Module({
  imports: [
    QualityVolumesModule,
    QualityCapacityModule,
    MulterModule.registerAsync({
      inject: [ConfigVariables],
      useFactory: (config: ConfigVariables) => ({ limits: { fileSize: config.BODY_LIMIT_BYTES, files: 1 } }),
    }),
  ],
  controllers: [VolumesController],
  providers: [CsvBodyMiddleware],
})
export class QualityVolumesImportModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsvBodyMiddleware).forRoutes({ path: 'quality/volumes.csv', method: RequestMethod.POST });
  }
}
