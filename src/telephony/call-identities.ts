import { CallRecord } from './call-record.entity';

/** The routing engine knows a call by its CallSid, plus the leg number after transfers. */
export function engineCallId(record: Pick<CallRecord, 'callSid' | 'segment'>): string {
  return record.segment ? `${record.callSid}#${record.segment}` : record.callSid;
}

/** An agent's (or supervisor's) softphone as Twilio rings it: `client:agent-<jobNumber>`. */
export function agentIdentity(jobNumber: string): string {
  return `agent-${jobNumber}`;
}
