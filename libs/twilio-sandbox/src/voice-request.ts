import type { CallDirection, CallStatus } from './call';
import { countryOf } from './format';
import type { WebhookParams } from './signature';

/** What a Voice webhook's parameters are made of. */
export interface VoiceRequestCall {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  status: CallStatus;
  direction: CallDirection;
  parentCallSid?: string;
  forwardedFrom?: string;
  callerName?: string;
}

/**
 * Standard request parameters of every Voice webhook (TwiML "Twilio's request to your
 * application" docs): CallSid, AccountSid, From, To, CallStatus, ApiVersion, Direction,
 * ForwardedFrom, CallerName, ParentCallSid, plus the geographic From*, To*, Caller*, Called* fields.
 */
export function voiceRequestParams(call: VoiceRequestCall): WebhookParams {
  const p: WebhookParams = {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    To: call.to,
  };
  for (const [prefix, number] of [
    ['From', call.from],
    ['Caller', call.from],
    ['To', call.to],
    ['Called', call.to],
  ] as const) {
    if (number.startsWith('client:')) continue;
    p[`${prefix}City`] = '';
    p[`${prefix}State`] = '';
    p[`${prefix}Zip`] = '';
    p[`${prefix}Country`] = countryOf(number);
  }
  if (call.parentCallSid) p.ParentCallSid = call.parentCallSid;
  if (call.forwardedFrom) p.ForwardedFrom = call.forwardedFrom;
  if (call.callerName) p.CallerName = call.callerName;
  return p;
}

/** The headers Twilio sends with a webhook (a retry repeats the idempotency token). */
export function webhookHeaders(signature: string, idempotencyToken: string): Record<string, string> {
  return {
    'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    'X-Twilio-Signature': signature,
    'I-Twilio-Idempotency-Token': idempotencyToken,
    'User-Agent': 'TwilioProxy/1.1',
    Accept: '*/*',
    'Cache-Control': 'max-age=259200',
  };
}
