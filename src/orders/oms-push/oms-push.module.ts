import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders.module';
import { OmsPushController } from './oms-push.controller';
import { OmsPushService } from './oms-push.service';
import { OmsSignatureGuard } from './oms-signature.guard';

/** POST /orders/oms-changes. */
@Module({
  imports: [OrdersModule],
  controllers: [OmsPushController],
  providers: [OmsPushService, OmsSignatureGuard],
})
export class OmsPushModule {}
