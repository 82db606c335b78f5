import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module';
import { OutboxModule } from '../outbox/outbox.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { WarrantyClaim } from './warranty-claim.entity';
import { WarrantyClaimsService } from './warranty-claims.service';
import { WarrantyContract } from './warranty-contract.entity';
import { WarrantyContractsController } from './warranty-contracts.controller';
import { WarrantyContractsService } from './warranty-contracts.service';
import { WarrantyPlan } from './warranty-plan.entity';
import { WarrantyPlansController } from './warranty-plans.controller';
import { WarrantyPlansService } from './warranty-plans.service';
import { WarrantyDemoSeed } from './warranty-demo-seed';

/** 阳光包 extended warranty: plans, contracts on order lines, repair claims as work orders, cancellation with refunds. */
@Module({
  imports: [TypeOrmModule.forFeature([WarrantyPlan, WarrantyContract, WarrantyClaim]), OrdersModule, OutboxModule, WorkOrdersModule],
  controllers: [WarrantyPlansController, WarrantyContractsController],
  providers: [WarrantyPlansService, WarrantyContractsService, WarrantyClaimsService, WarrantyDemoSeed],
  exports: [WarrantyPlansService],
})
export class WarrantyModule {}
