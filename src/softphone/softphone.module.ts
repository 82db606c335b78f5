import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { Staff } from '../auth/staff.entity';
import { RoutingModule } from '../routing/routing.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { QualityAlertsModule } from '../quality/alerts/quality-alerts.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { AgentsListController } from './agents-list.controller';
import { SoftphoneGateway } from './softphone.gateway';
import { SoftphoneService } from './softphone.service';

/** The agents' softphone and the supervisors' wallboard: socket.io namespace /softphone. */
@Module({
  imports: [TypeOrmModule.forFeature([Staff]), AuthModule, RoutingModule, TelephonyModule, WorkOrdersModule, QualityAlertsModule],
  controllers: [AgentsListController],
  providers: [SoftphoneService, SoftphoneGateway],
  exports: [SoftphoneService],
})
export class SoftphoneModule {}
