import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { DeadLettersService } from './dead-letters.service';
import { OrderSystemWebhook } from './order-system-webhook';
import { OutboxDispatchScheduler } from './outbox-dispatch-scheduler';
import { OutboxRetentionScheduler } from './outbox-retention-scheduler';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxHandlers } from './outbox-handlers';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxStore } from './outbox-store.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';

/**
 * The transactional outbox. Modules import it, `enqueue` in their own transactions and, for topics
 * of their own transport, `OutboxHandlers.register` at init; everything else goes to the order
 * system's webhook.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage]), SchedulingModule],
  controllers: [OutboxController],
  providers: [
    DeadLettersService,
    OutboxService,
    OutboxHandlers,
    OutboxStore,
    OutboxDispatcher,
    OutboxDispatchScheduler,
    OutboxRetentionScheduler,
    OrderSystemWebhook,
  ],
  exports: [OutboxService, OutboxHandlers, OutboxDispatcher],
})
export class OutboxModule {}
