import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';

/** How a call out is placed: the number in E.164, the caller ID, and the BYOC trunk when it needs one. */
export interface OutboundRoute {
  to: string;
  from: string;
  byoc?: string;
}

export class OutboundRouteError extends Error {}

/**
 * The route of a call out (回电, 回访) to `number` — as the customer gave it, national or E.164.
 * Twilio wants E.164, and places no calls to mainland China (since 30 Nov 2023): those leave
 * through the Chinese carrier's BYOC trunk, with the caller ID the carrier presents. Without a
 * trunk a call to China is refused here, before Twilio refuses it (21215).
 */
export function outboundRoute(number: string, site: { country: string; hotlineNumber: string; byocTrunkSid?: string; byocCallerId: string }): OutboundRoute {
  const parsed = parsePhoneNumberFromString(number, site.country as CountryCode);
  if (!parsed || !parsed.isPossible()) throw new OutboundRouteError(`${number} is not a phone number that can be called`);
  const to = parsed.number;
  if (parsed.countryCallingCode !== '86') return { to, from: site.hotlineNumber };
  if (!site.byocTrunkSid)
    throw new OutboundRouteError(
      `Calls to mainland China (${to}) leave through the carrier's BYOC trunk, and none is configured (TWILIO_BYOC_TRUNK_SID): Twilio places no calls to China itself`,
    );
  return { to, from: site.byocCallerId, byoc: site.byocTrunkSid };
}
