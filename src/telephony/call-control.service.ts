import { Inject, Injectable } from '@nestjs/common';
import type { Twilio } from 'twilio';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { CallRecord } from './call-record.entity';
import { CallRecordsService } from './call-records.service';
import { TelephonySettings } from './telephony-settings';
import { TWILIO_CLIENT } from './twilio-client.provider';
import { engineCallId } from './voice-flow.service';

/**
 * What an agent (or supervisor) does to a live call — transfer, hold, resume, hang up — carried out
 * on Twilio's side by redirecting the caller's leg. One place for the REST API and the softphone.
 */
@Injectable()
export class CallControlService {
  constructor(
    private readonly records: CallRecordsService,
    private readonly engine: RoutingEngineService,
    private readonly routing: RoutingConfigService,
    private readonly settings: TelephonySettings,
    @Inject(TWILIO_CLIENT) private readonly twilio: Twilio,
  ) {}

  /** The agent's leg ends (wrap-up) and the caller waits in `queueCode` as a new leg for the engine. */
  async transfer(record: CallRecord, queueCode: string): Promise<void> {
    await this.routing.getQueue(queueCode);
    this.engine.callEnded(engineCallId(record));
    await this.records.update(record.callSid, { segment: record.segment + 1, queueCode, status: 'queued' });
    await this.redirect(record.callSid, '/twilio/voice/transferred');
  }

  async hold(record: CallRecord): Promise<void> {
    await this.records.update(record.callSid, { status: 'held' });
    await this.redirect(record.callSid, '/twilio/voice/hold');
  }

  async resume(record: CallRecord): Promise<void> {
    await this.records.update(record.callSid, { status: 'connected' });
    await this.redirect(record.callSid, '/twilio/voice/resume');
  }

  /** Ends the caller's leg; the dial result moves the agent to wrap-up. */
  async hangUp(callSid: string): Promise<void> {
    await this.twilio.calls(callSid).update({ status: 'completed' });
  }

  /**
   * Calls a waiting caller back (回电) from the hotline number and connects them to `agent` when
   * they pick up; the outbound call gets its own record. Callback visits (回访) use the same path.
   */
  async callBack(originEngineCallId: string, agent: string): Promise<string> {
    const originSid = originEngineCallId.split('#')[0];
    const origin = await this.records.get(originSid);
    const call = await this.twilio.calls.create({
      to: origin.fromNumber,
      from: this.settings.hotlineNumber,
      url: this.settings.url('/twilio/voice/callback-connect', { agent, origin: originEngineCallId }),
      method: 'POST',
      statusCallback: this.settings.url('/twilio/voice/callback-status', { origin: originEngineCallId }),
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['completed'],
    });
    await this.records.open({
      callSid: call.sid, direction: 'outbound-callback', fromNumber: this.settings.hotlineNumber, toNumber: origin.fromNumber,
      queueCode: origin.queueCode, agentJobNumber: agent, originCallSid: originSid,
    });
    return call.sid;
  }

  private async redirect(callSid: string, path: string): Promise<void> {
    await this.twilio.calls(callSid).update({ url: this.settings.url(path), method: 'POST' });
  }
}
