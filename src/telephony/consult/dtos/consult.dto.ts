import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MONITOR_MODES, MonitorMode } from '../../monitor/call-monitor.service';
import { ConsultTargetField, JOB_NUMBER, PHONE_TEXT } from '../../calls/dtos/calls.dto';

/** Whom the agent consults (咨询) while the caller holds: a colleague or an outside number; exactly one. */
export class ConsultCallDto {
  /** A colleague's job number (工号): their softphone is rung; they must be ready or not ready. */
  @ConsultTargetField('agent', JOB_NUMBER, 'a job number of 3 to 16 digits')
  agent?: string;

  /** An outside number — a store, a logistics centre, a manufacturer (对接四大终端/厂家) — called from the hotline number. */
  @ConsultTargetField('to', PHONE_TEXT, 'a phone number (3–32 digits, spaces, dashes, brackets or a leading +)')
  to?: string;
}

export function consultTarget(dto: ConsultCallDto): { agent: string } | { to: string } {
  return dto.agent !== undefined ? { agent: dto.agent } : { to: dto.to! };
}

export class ConsultView {
  callSid: string;
  /** The consulted party's leg. */
  consultCallSid: string;
  /** The colleague's job number, or the number called (E.164). */
  target: string;
  /** Always `held`: the caller waits on hold while the agent consults. */
  status: string;
}

export class ConsultDoneView {
  callSid: string;
  /** `transfer-completed`, `three-way` or `consult-cancelled`. */
  event: string;
  /** Whose call it is now (after a transfer to a colleague, theirs). */
  agentJobNumber: string | null;
}

/** How a supervisor joins a busy agent's call. */
export class MonitorCallDto {
  /** listen 监听 (muted) · whisper 耳语 (only the agent hears) · barge 强插 (everyone hears). */
  @ApiProperty({ enum: MONITOR_MODES })
  @IsIn(MONITOR_MODES, { message: `mode must be one of: ${MONITOR_MODES.join(', ')}` })
  mode: MonitorMode;
}

export class MonitorView {
  callSid: string;
  /** The supervisor's leg in the call's conference (their softphone). */
  supervisorCallSid: string;
  @ApiProperty({ enum: MONITOR_MODES })
  mode: MonitorMode;
}
