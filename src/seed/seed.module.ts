import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SearchModule } from '../search/search.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { DemoActivitySeedService } from './demo-activity-seed.service';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [AuthModule, WorkOrdersModule, SearchModule],
  providers: [DemoSeedService, DemoActivitySeedService],
  exports: [DemoSeedService, DemoActivitySeedService],
})
export class SeedModule {}
