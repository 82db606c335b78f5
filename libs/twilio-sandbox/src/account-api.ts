import type { IncomingMessage, ServerResponse } from 'node:http';
import { dialledCountry } from './dialing';
import { rfc2822 } from './format';
import { authorized, first, readParams, sendJson } from './http-util';
import type { AccountApiHost } from './sandbox-api';

/**
 * The account's configuration resources, for `npm run twilio:check` against the sandbox: the
 * Account, IncomingPhoneNumbers (voice URL, fallback, status callback), API Keys, BYOC trunks
 * (voice.twilio.com/v1/ByocTrunks) and Voice dialing permissions by country
 * (voice.twilio.com/v1/DialingPermissions/Countries). Fields as the REST resources name them
 * (https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource,
 * https://www.twilio.com/docs/voice/bring-your-own-carrier-byoc/api/byoctrunk-resource,
 * https://www.twilio.com/docs/voice/api/dialingpermissions-country-resource). Returns false for
 * any other path.
 */
export async function handleAccountApi(sb: AccountApiHost, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (!authorized(sb, req)) {
    sendJson(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    return true;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const notFound = () =>
    sendJson(res, 404, {
      code: 20404,
      message: `The requested resource ${path} was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  const api = `/2010-04-01/Accounts/${sb.accountSid}`;
  const created = rfc2822(sb.clock.now());

  if (path === `${api}.json` && method === 'GET') {
    sendJson(res, 200, {
      sid: sb.accountSid,
      friendly_name: 'Twilio sandbox',
      status: 'active',
      type: 'Full',
      date_created: created,
      date_updated: created,
      uri: `${api}.json`,
    });
    return true;
  }

  if (path === `${api}/IncomingPhoneNumbers.json` && method === 'GET') {
    const wanted = new URL(req.url ?? '/', 'http://sandbox').searchParams.get('PhoneNumber');
    const numbers = sb.phoneNumbers.filter((n) => !wanted || n.number === wanted).map((n) => phoneNumberJson(sb, n));
    sendJson(res, 200, {
      incoming_phone_numbers: numbers,
      page: 0,
      page_size: 50,
      start: 0,
      end: Math.max(numbers.length - 1, 0),
      first_page_uri: path,
      next_page_uri: null,
      previous_page_uri: null,
      uri: path,
    });
    return true;
  }
  const pn = new RegExp(`^${api}/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$`).exec(path);
  if (pn) {
    const number = sb.phoneNumbers.find((n) => n.sid === pn[1]);
    if (!number) return (notFound(), true);
    if (method === 'POST') {
      const p = await readParams(req);
      if (first(p.VoiceUrl) !== undefined) number.voiceUrl = first(p.VoiceUrl)!;
      if (first(p.VoiceFallbackUrl) !== undefined) number.voiceFallbackUrl = first(p.VoiceFallbackUrl) || undefined;
      if (first(p.StatusCallback) !== undefined) number.statusCallback = first(p.StatusCallback) || undefined;
    }
    sendJson(res, 200, phoneNumberJson(sb, number));
    return true;
  }

  const key = new RegExp(`^${api}/Keys/(SK[0-9a-f]{32})\\.json$`).exec(path);
  if (key && method === 'GET') {
    if (!sb.apiKeySids.includes(key[1])) return (notFound(), true);
    sendJson(res, 200, { sid: key[1], friendly_name: 'sandbox key', date_created: created, date_updated: created });
    return true;
  }

  const trunk = /^\/v1\/ByocTrunks\/(BY[0-9a-f]{32})$/.exec(path);
  if (trunk) {
    const t = sb.byocTrunks.find((x) => x.sid === trunk[1]);
    if (!t) return (notFound(), true);
    if (method === 'POST') {
      const p = await readParams(req);
      if (first(p.VoiceUrl) !== undefined) t.voiceUrl = first(p.VoiceUrl) || undefined;
      if (first(p.VoiceFallbackUrl) !== undefined) t.voiceFallbackUrl = first(p.VoiceFallbackUrl) || undefined;
      if (first(p.StatusCallbackUrl) !== undefined) t.statusCallbackUrl = first(p.StatusCallbackUrl) || undefined;
    }
    sendJson(res, 200, {
      account_sid: sb.accountSid,
      sid: t.sid,
      friendly_name: t.friendlyName ?? null,
      voice_url: t.voiceUrl ?? null,
      voice_method: t.voiceMethod ?? 'POST',
      voice_fallback_url: t.voiceFallbackUrl ?? null,
      voice_fallback_method: 'POST',
      status_callback_url: t.statusCallbackUrl ?? null,
      status_callback_method: t.statusCallbackMethod ?? 'POST',
      cnam_lookup_enabled: false,
      connection_policy_sid: null,
      from_domain_sid: null,
      date_created: created,
      date_updated: created,
      url: `https://voice.twilio.com/v1/ByocTrunks/${t.sid}`,
    });
    return true;
  }

  const country = /^\/v1\/DialingPermissions\/Countries\/([A-Z]{2})$/.exec(path);
  if (country && method === 'GET') {
    const iso = country[1];
    // Mainland China is not Twilio's to enable (no outbound calls since 30 Nov 2023): never enabled.
    const enabled = iso !== 'CN' && sb.dialingPermissions.includes(iso);
    sendJson(res, 200, {
      iso_code: iso,
      name: iso,
      continent: null,
      country_codes: [],
      low_risk_numbers_enabled: enabled,
      high_risk_special_numbers_enabled: false,
      high_risk_tollfraud_numbers_enabled: false,
      url: `https://voice.twilio.com/v1/DialingPermissions/Countries/${iso}`,
      links: {},
    });
    return true;
  }
  return false;
}

function phoneNumberJson(sb: AccountApiHost, n: AccountApiHost['phoneNumbers'][number]): Record<string, unknown> {
  return {
    sid: n.sid,
    account_sid: sb.accountSid,
    phone_number: n.number,
    friendly_name: n.number,
    iso_country: dialledCountry(n.number) ?? null,
    voice_url: n.voiceUrl,
    voice_method: n.voiceMethod ?? 'POST',
    voice_fallback_url: n.voiceFallbackUrl ?? null,
    voice_fallback_method: 'POST',
    status_callback: n.statusCallback ?? null,
    status_callback_method: n.statusCallbackMethod ?? 'POST',
    voice_application_sid: null,
    trunk_sid: null,
    capabilities: { voice: true, sms: false, mms: false, fax: false },
    uri: `/2010-04-01/Accounts/${sb.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  };
}
