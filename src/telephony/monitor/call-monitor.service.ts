import { ConflictException, Injectable } from '@nestjs/common';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { CallConferenceService, PARTICIPANT } from '../call-conference.service';
import { CallEventsService } from '../call-events/call-events.service';
import { CallRecord } from '../call-record.entity';
import { TelephonySettings } from '../telephony-settings';
import { agentIdentity } from '../voice-flow.service';

/** listen 监听 (muted) · whisper 耳语 (coaching: only the agent hears) · barge 强插 (everyone hears). */
export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

/**
 * A supervisor on a busy agent's call, as a participant of the call's conference: their softphone
 * (`agent-<jobNumber>`) is called in muted to listen, as a coach of the agent's leg to whisper
 * (Participant `coaching` + `callSidToCoach`: "The participant being coached is the only participant
 * who can hear the participant who is coaching"), unmuted to barge; switching mode updates the same
 * participant. Events of the call, never offers.
 */
@Injectable()
export class CallMonitorService {
  constructor(
    private readonly conference: CallConferenceService,
    private readonly events: CallEventsService,
    private readonly settings: TelephonySettings,
  ) {}

  async monitor(record: CallRecord, supervisor: StaffPrincipal, mode: MonitorMode): Promise<{ supervisorCallSid: string; mode: MonitorMode }> {
    if (record.endedAt || (record.status !== 'connected' && record.status !== 'held'))
      throw new ConflictException(`Call ${record.callSid} is ${record.status}; only a connected call can be monitored`);
    const room = await this.conference.roomSid(record);
    const agentLeg = await this.conference.find(room, PARTICIPANT.agent);
    if (!agentLeg) throw new ConflictException(`Call ${record.callSid} has no agent in its conference`);
    const flags = {
      muted: mode === 'listen',
      coaching: mode === 'whisper',
      ...(mode === 'whisper' ? { callSidToCoach: agentLeg.callSid } : {}),
    };
    const label = PARTICIPANT.supervisor(supervisor.jobNumber);
    const present = await this.conference.find(room, label);
    let supervisorCallSid: string;
    if (present) {
      await this.conference.update(room, label, flags);
      supervisorCallSid = present.callSid;
    } else {
      supervisorCallSid = await this.conference.add(room, {
        from: this.settings.hotlineNumber,
        to: `client:${agentIdentity(supervisor.jobNumber)}`,
        label,
        ...flags,
        startConferenceOnEnter: false,
        endConferenceOnExit: false,
        timeout: 30,
      });
    }
    await this.events.record(record.callSid, `monitor-${mode}`, supervisor.jobNumber, record.agentJobNumber);
    return { supervisorCallSid, mode };
  }

  /** The supervisor leaves the call (their leg is kicked and ends). */
  async stop(record: CallRecord, supervisor: StaffPrincipal): Promise<void> {
    const room = await this.conference.roomSid(record);
    await this.conference.remove(room, PARTICIPANT.supervisor(supervisor.jobNumber));
  }
}
