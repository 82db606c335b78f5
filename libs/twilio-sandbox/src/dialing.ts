import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A BYOC (Bring Your Own Carrier) trunk: a carrier's SIP trunk into Twilio, like the ByocTrunk
 * resource (https://www.twilio.com/docs/voice/bring-your-own-carrier-byoc/api/byoctrunk-resource).
 * Calls the carrier delivers (to `numbers`, not Twilio numbers) reach `voiceUrl`; calls placed with
 * `byoc` = its SID leave through the carrier instead of Twilio's own network.
 */
export interface SandboxByocTrunk {
  sid: string;
  friendlyName?: string;
  voiceUrl?: string;
  voiceMethod?: 'GET' | 'POST';
  voiceFallbackUrl?: string;
  statusCallbackUrl?: string;
  statusCallbackMethod?: 'GET' | 'POST';
  /** Numbers the carrier routes into Twilio over this trunk (e.g. a 400 number). */
  numbers?: string[];
}

/** Why Twilio will not place a call: the REST error (Calls create) and the TwiML one (<Dial><Number>). */
export class DialingRefused extends Error {
  constructor(
    readonly restCode: 21211 | 21215 | 20404,
    readonly dialCode: 13224 | 13227,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Twilio's default Voice dialing (geo) permissions on a new account: the US and Canada only; other
 * countries are enabled per account (https://www.twilio.com/docs/voice/api/dialing-permissions-resources).
 */
export const DEFAULT_DIALING_PERMISSIONS: readonly string[] = ['US', 'CA'];

const isE164 = (n: string) => /^\+[1-9]\d{6,14}$/.test(n);

/** ISO country of an E.164 number; mainland China (+86) is CN whatever the range. */
export function dialledCountry(e164: string): string | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed?.countryCallingCode === '86') return 'CN';
  return parsed?.country;
}

/**
 * Where a call to `to` may go, as Twilio decides before placing it:
 * - a Client or SIP address is not a phone number: no dialing permission applies;
 * - a number must be E.164 (21211 on Calls create, 13224 on <Dial>:
 *   https://www.twilio.com/docs/api/errors/13224 "not in E.164 format");
 * - `byoc` names a trunk of the account, and the call leaves through the carrier — geo
 *   permissions are Twilio's network's, the carrier decides (`byoc` "is only meaningful when `to`
 *   is a phone number", Calls API);
 * - without one: mainland China is refused — Twilio places no outbound calls to mainland China
 *   since 30 Nov 2023 (https://support.twilio.com/hc/en-us/articles/360016488474-Calling-Limitations-to-China),
 *   and its blocked calls fail with 21215 — and so is every country the account has not enabled
 *   (21215 "Geo Permission configuration is not permitting call", https://www.twilio.com/docs/api/errors/21215;
 *   13227 "Dial: No International Permission" for <Dial>, https://www.twilio.com/docs/api/errors/13227).
 */
export function routeOutbound(to: string, byoc: string | undefined, trunks: readonly SandboxByocTrunk[], permitted: readonly string[]): { trunkSid?: string } {
  if (to.startsWith('client:') || to.startsWith('sip:')) return {};
  if (!isE164(to)) throw new DialingRefused(21211, 13224, `Invalid 'To' Phone Number: ${to} (E.164 expected, e.g. +8613800138000)`);
  if (byoc) {
    if (!trunks.some((t) => t.sid === byoc)) throw new DialingRefused(20404, 13224, `The requested resource BYOC trunk ${byoc} was not found`); // the sandbox's choice of codes
    return { trunkSid: byoc };
  }
  const country = dialledCountry(to);
  if (country === 'CN')
    throw new DialingRefused(
      21215,
      13227,
      `Account not authorized to call ${to}. Twilio places no calls to mainland China: route them through a BYOC trunk (byoc)`,
    );
  if (!country || !permitted.includes(country))
    throw new DialingRefused(
      21215,
      13227,
      `Account not authorized to call ${to}. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/low-risk`,
    );
  return {};
}
