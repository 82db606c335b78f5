import { OrganisationModule } from '../organisation/organisation.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { AuthModule } from '../auth/auth.module';
import { CustomerLookupService } from '../customers/customer-lookup.service';
import { CustomersModule } from '../customers/customers.module';
import { RoutingModule } from '../routing/routing.module';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { CALLER_LOOKUP } from './caller-lookup';
import { CallOffer } from './call-offer.entity';
import { CallRecord } from './call-record.entity';
import { AgentDialService } from './agent-dial.service';
import { CallControlService } from './call-control.service';
import { CallOutPresenceService } from './call-out-presence.service';
import { CallRecordsService } from './call-records.service';
import { CallRecoveryService } from './call-recovery.service';
import { CallsController } from './calls/calls.controller';
import { CallConferenceService } from './call-conference.service';
import { CallEventsModule } from './call-events/call-events.module';
import { CallMonitorController } from './monitor/call-monitor.controller';
import { CallMonitorService } from './monitor/call-monitor.service';
import { ConsultController } from './consult/consult.controller';
import { ConsultService } from './consult/consult.service';
import { IvrAnsweredCallsService } from './ivr-answered-calls.service';
import { RoutingCommandsExecutor } from './routing-commands.executor';
import { SandboxHost } from './sandbox-host';
import { TelephonySettings } from './telephony-settings';
import { TelephonyTokenController } from './telephony-token.controller';
import { TWILIO_CLIENT, twilioClientProvider } from './twilio-client.provider';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioVoiceController } from './twilio-voice.controller';
import { TwimlExceptionFilter } from './twiml-exception.filter';
import { VoiceFlowService } from './voice-flow.service';
import { WebhookReceipt } from './webhook-receipt.entity';
import { WebhookReceiptsService } from './webhook-receipts.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([CallRecord, CallOffer, WebhookReceipt]),
    AuthModule,
    RoutingModule,
    CustomersModule,
    WorkOrdersModule,
    CallEventsModule,
    OrganisationModule,
  ],
  controllers: [TwilioVoiceController, CallsController, ConsultController, CallMonitorController, TelephonyTokenController],
  providers: [
    { provide: TelephonySettings, inject: [ConfigVariables], useFactory: (config: ConfigVariables) => new TelephonySettings(config) },
    twilioClientProvider,
    { provide: CALLER_LOOKUP, useExisting: CustomerLookupService },
    CallRecordsService,
    CallControlService,
    CallOutPresenceService,
    CallConferenceService,
    ConsultService,
    CallMonitorService,
    AgentDialService,
    WebhookReceiptsService,
    IvrAnsweredCallsService,
    VoiceFlowService,
    RoutingCommandsExecutor,
    CallRecoveryService,
    TwilioSignatureGuard,
    TwimlExceptionFilter,
    SandboxHost,
  ],
  exports: [CallRecordsService, CallControlService, CallEventsModule, AgentDialService, TelephonySettings, SandboxHost, VoiceFlowService, TWILIO_CLIENT],
})
export class TelephonyModule {}
