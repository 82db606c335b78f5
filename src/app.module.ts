import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigVariables } from '../config/config-variables';
import { AuthModule } from './auth/auth.module';
import { AppClock } from './clock/app-clock';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics';
import { OrganisationModule } from './organisation/organisation.module';
import { RoutingModule } from './routing/routing.module';
import { SeedModule } from './seed/seed.module';
import { CustomersModule } from './customers/customers.module';
import { PersonalDataModule } from './customers/personal-data/personal-data.module';
import { Customer360Module } from './customers/customer-360/customer-360.module';
import { WorkOrdersModule } from './work-orders/work-orders.module';
import { TelephonyModule } from './telephony/telephony.module';
import { SoftphoneModule } from './softphone/softphone.module';
import { WebModule } from './web/web.module';
import { QualityModule } from './quality/quality.module';
import { OrdersModule } from './orders/orders.module';
import { OrdersImportModule } from './orders/import/orders-import.module';
import { OmsPushModule } from './orders/oms-push/oms-push.module';
import { OrdersLookupModule } from './orders/lookup/orders-lookup.module';
import { DeliveriesModule } from './orders/deliveries/deliveries.module';
import { DeliverySlotsModule } from './orders/delivery-slots/delivery-slots.module';
import { requestIdFor } from './http/request-id';
import { RedisModule } from './redis/redis.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { OutboxModule } from './outbox/outbox.module';
import { WarrantyModule } from './warranty/warranty.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { CallScriptsModule } from './call-scripts/call-scripts.module';
import { SmsModule } from './sms/sms.module';

/** What tests (and tools) may substitute in the whole application. */
export interface AppOptions {
  clock?: AppClock;
}

@Module({})
export class AppModule {
  static forRoot(config: ConfigVariables, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, options.clock),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Keep a caller-supplied id (tracing across services) when it is sane; else make one.
            genReqId: requestIdFor,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
            autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
          },
        }),
        DatabaseModule,
        RedisModule,
        SchedulingModule,
        EventsModule,
        MetricsModule,
        AuthModule,
        OrganisationModule,
        RoutingModule,
        SeedModule,
        CustomersModule,
        PersonalDataModule,
        Customer360Module,
        OutboxModule,
        WorkOrdersModule,
        WarrantyModule,
        TelephonyModule,
        SoftphoneModule,
        QualityModule,
        OrdersModule,
        OrdersImportModule,
        OmsPushModule,
        OrdersLookupModule,
        DeliveriesModule,
        DeliverySlotsModule,
        KnowledgeModule,
        CallScriptsModule,
        SmsModule,
        WebModule,
      ],
      controllers: [HealthController],
    };
  }
}
