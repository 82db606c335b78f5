import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SearchModule } from '../search/search.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { DemoActivitySeedService } from './demo-activity-seed.service';
import { DemoSeedService } from './demo-seed.service';
import { DemoOrdersSeedService } from './demo-orders-seed.service';
import { OrdersImportModule } from '../orders/import/orders-import.module';
import { DeliverySlotsModule } from '../orders/delivery-slots/delivery-slots.module';

@Module({
  imports: [AuthModule, WorkOrdersModule, OrdersImportModule, DeliverySlotsModule, SearchModule],
  providers: [DemoSeedService, DemoActivitySeedService, DemoOrdersSeedService],
  exports: [DemoSeedService, DemoActivitySeedService, DemoOrdersSeedService],
})
export class SeedModule {}
