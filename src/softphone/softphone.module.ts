import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { Staff } from '../auth/staff.entity';
import { CustomersModule } from '../customers/customers.module';
import { RoutingModule } from '../routing/routing.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { QualityAlertsModule } from '../quality/alerts/quality-alerts.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { ScreenPopService } from './screen-pop.service';
import { OrdersLookupModule } from '../orders/lookup/orders-lookup.module';
import { SoftphoneGateway } from './softphone.gateway';
import { SoftphoneService } from './softphone.service';

/** The agents' softphone and the supervisors' wallboard: socket.io namespace /softphone. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Staff]),
    AuthModule,
    RoutingModule,
    TelephonyModule,
    CustomersModule,
    WorkOrdersModule,
    QualityAlertsModule,
    OrdersLookupModule,
  ],
  providers: [SoftphoneService, ScreenPopService, SoftphoneGateway],
  exports: [SoftphoneService],
})
export class SoftphoneModule {}
