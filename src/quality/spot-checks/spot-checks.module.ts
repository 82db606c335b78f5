import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../../customers/customers.module';
import { SpotCheck } from './spot-check.entity';
import { SpotChecksController } from './spot-checks.controller';
import { SpotChecksService } from './spot-checks.service';

/** Random spot checks (抽查) of each terminal's closed work orders. */
@Module({
  imports: [TypeOrmModule.forFeature([SpotCheck]), CustomersModule],
  controllers: [SpotChecksController],
  providers: [SpotChecksService],
  exports: [SpotChecksService],
})
export class SpotChecksModule {}
