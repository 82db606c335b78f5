import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { SmsDispatchService } from './sms-dispatch.service';
import { SmsMessage } from './sms-message.entity';
import { SmsMessagesService } from './sms-messages.service';
import { SmsNotifierService } from './sms-notifier.service';
import { SmsOptOut } from './sms-opt-out.entity';
import { SmsOptOutsController } from './sms-opt-outs.controller';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { SmsRateLimiter } from './sms-rate-limiter';
import { SmsTemplate } from './sms-template.entity';
import { SmsTemplatesController } from './sms-templates.controller';
import { SmsTemplatesService } from './sms-templates.service';
import { SmsWebhooksService } from './sms-webhooks.service';
import { TwilioSmsController } from './twilio-sms.controller';
import { WorkOrderSmsController } from './work-order-sms.controller';

/** SMS to customers through Twilio's Messages API: templates, opt-outs, sending with rate limits and retries, status callbacks and replies. */
@Module({
  imports: [TypeOrmModule.forFeature([SmsMessage, SmsTemplate, SmsOptOut]), TelephonyModule, WorkOrdersModule, OutboxModule],
  controllers: [TwilioSmsController, WorkOrderSmsController, SmsTemplatesController, SmsOptOutsController],
  providers: [SmsRateLimiter, SmsTemplatesService, SmsOptOutsService, SmsDispatchService, SmsWebhooksService, SmsNotifierService, SmsMessagesService],
  exports: [SmsMessagesService, SmsOptOutsService, SmsNotifierService],
})
export class SmsModule {}
