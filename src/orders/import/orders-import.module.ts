import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ConfigVariables } from '../../../config/config-variables';
import { CsvBodyMiddleware } from '../../quality/volumes/csv-body.middleware';
import { OrdersModule } from '../orders.module';
import { OrdersImportController } from './orders-import.controller';
import { OrdersImportService } from './orders-import.service';

/** POST /orders/import and /orders/import.csv. */
@Module({
  imports: [
    OrdersModule,
    MulterModule.registerAsync({
      inject: [ConfigVariables],
      useFactory: (config: ConfigVariables) => ({ limits: { fileSize: config.IMPORT_BODY_LIMIT_BYTES, files: 1 } }),
    }),
  ],
  controllers: [OrdersImportController],
  providers: [OrdersImportService, CsvBodyMiddleware],
  exports: [OrdersImportService],
})
export class OrdersImportModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsvBodyMiddleware).forRoutes({ path: 'orders/import.csv', method: RequestMethod.POST });
  }
}
