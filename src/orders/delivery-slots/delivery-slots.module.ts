import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders.module';
import { DeliverySlotsController } from './delivery-slots.controller';
import { DeliverySlotsService } from './delivery-slots.service';

/** GET and PUT /delivery-slots/:centre. */
@Module({
  imports: [OrdersModule],
  controllers: [DeliverySlotsController],
  providers: [DeliverySlotsService],
  exports: [DeliverySlotsService],
})
export class DeliverySlotsModule {}
