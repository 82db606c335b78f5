import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { UnitDayVolume } from './unit-day-volume.entity';
import { UnitVolumesService } from './unit-volumes.service';
import { OrdersModule } from '../../orders/orders.module';

/** Imported daily volumes per terminal unit (booked deliveries, sales, capacity overrides); read by reports and alerts. */
@Module({
  imports: [TypeOrmModule.forFeature([UnitDayVolume, TerminalUnit]), OrdersModule],
  providers: [UnitVolumesService],
  exports: [UnitVolumesService],
})
export class QualityVolumesModule {}
