import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { Twilio } from 'twilio';
import { ConfigVariables } from '../../config/config-variables';
import { TelephonySettings } from './telephony-settings';

/** One line of `npm run twilio:check`: what was looked at, whether it is right, and what to do. */
export interface AccountCheckLine {
  ok: boolean;
  subject: string;
  message: string;
  /** `--fix` set it right. */
  fixed?: boolean;
}

interface UrlSetting {
  name: string;
  actual: string | null | undefined;
  expected: string;
}

/**
 * Reads the Twilio account the server is configured for and says, line by line, what is missing or
 * wrong for Hotline: the credentials, the API key agents' tokens are signed with, the BYOC trunk
 * (the 400 number comes in by it, and calls to China leave by it) and the hotline number if it is a
 * Twilio number — their voice URL, fallback URL and status callback, which on Twilio are set on the
 * number or trunk, not by the app — and dialing permissions. With `fix`, it sets those URLs (the only
 * thing it changes: nothing that costs money or opens a country).
 */
export async function checkTwilioAccount(
  client: Twilio,
  settings: TelephonySettings,
  config: ConfigVariables,
  opts: { fix: boolean },
): Promise<AccountCheckLine[]> {
  const lines: AccountCheckLine[] = [];
  const ok = (subject: string, message: string) => lines.push({ ok: true, subject, message });
  const wrong = (subject: string, message: string) => lines.push({ ok: false, subject, message });
  const expected = {
    voice: settings.url('/twilio/voice/incoming'),
    fallback: settings.url('/twilio/voice/fallback'),
    status: settings.url('/twilio/voice/status'),
  };

  try {
    const account = await client.api.v2010.accounts(settings.accountSid).fetch();
    if (account.status !== 'active') wrong('account', `${account.sid} is ${account.status}`);
    else ok('account', `${account.sid} (${account.friendlyName}) is active`);
  } catch (error) {
    wrong('account', `TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN refused: ${(error as Error).message}`);
    return lines;
  }

  if (!config.TWILIO_API_KEY_SID || !config.TWILIO_API_KEY_SECRET) {
    wrong('API key', "TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET are not set: agents' softphone tokens cannot be signed (create a Standard API key)");
  } else {
    try {
      await client.keys(config.TWILIO_API_KEY_SID).fetch();
      ok('API key', `${config.TWILIO_API_KEY_SID} exists; agents' softphone tokens are signed with it`);
    } catch {
      wrong('API key', `${config.TWILIO_API_KEY_SID} is not an API key of the account`);
    }
  }
  ok('TwiML App', 'none needed: the softphone only receives calls (<Dial><Client>); it places none through a TwiML App');

  const urlLines = async (subject: string, settingsNow: UrlSetting[], update: (wrongOnes: UrlSetting[]) => Promise<void>) => {
    const off = settingsNow.filter((s) => s.actual !== s.expected);
    if (opts.fix && off.length) await update(off);
    for (const s of settingsNow) {
      if (s.actual === s.expected) ok(subject, `${s.name} is ${s.expected}`);
      else if (opts.fix) lines.push({ ok: true, fixed: true, subject, message: `${s.name} was ${s.actual || '(not set)'}, now ${s.expected}` });
      else wrong(subject, `${s.name} is ${s.actual || '(not set)'}, should be ${s.expected}`);
    }
  };

  const hotline = parsePhoneNumberFromString(settings.hotlineNumber, settings.country as CountryCode)?.number ?? settings.hotlineNumber;
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: hotline, limit: 1 });
  if (number) {
    await urlLines(
      `number ${hotline}`,
      [
        { name: 'voice URL', actual: number.voiceUrl, expected: expected.voice },
        { name: 'voice fallback URL', actual: number.voiceFallbackUrl, expected: expected.fallback },
        { name: 'status callback', actual: number.statusCallback, expected: expected.status },
      ],
      async (off) => {
        await client.incomingPhoneNumbers(number.sid).update({
          ...(off.some((s) => s.name === 'voice URL') ? { voiceUrl: expected.voice, voiceMethod: 'POST' } : {}),
          ...(off.some((s) => s.name === 'voice fallback URL') ? { voiceFallbackUrl: expected.fallback, voiceFallbackMethod: 'POST' } : {}),
          ...(off.some((s) => s.name === 'status callback') ? { statusCallback: expected.status, statusCallbackMethod: 'POST' } : {}),
        });
      },
    );
  } else if (settings.byocTrunkSid) {
    ok(`number ${hotline}`, 'not a Twilio number: the carrier brings it in by the BYOC trunk');
  } else {
    wrong(`number ${hotline}`, 'neither a Twilio number of the account nor brought in by a BYOC trunk (TWILIO_BYOC_TRUNK_SID): no call can reach Hotline');
  }

  if (!settings.byocTrunkSid) {
    wrong('BYOC trunk', 'TWILIO_BYOC_TRUNK_SID is not set: Twilio places no calls to mainland China, so every callback and callback visit to +86 is refused');
  } else {
    try {
      const trunk = await client.voice.v1.byocTrunks(settings.byocTrunkSid).fetch();
      await urlLines(
        `BYOC trunk ${trunk.sid}`,
        [
          { name: 'voice URL', actual: trunk.voiceUrl, expected: expected.voice },
          { name: 'voice fallback URL', actual: trunk.voiceFallbackUrl, expected: expected.fallback },
          { name: 'status callback', actual: trunk.statusCallbackUrl, expected: expected.status },
        ],
        async (off) => {
          await client.voice.v1.byocTrunks(trunk.sid).update({
            ...(off.some((s) => s.name === 'voice URL') ? { voiceUrl: expected.voice, voiceMethod: 'POST' } : {}),
            ...(off.some((s) => s.name === 'voice fallback URL') ? { voiceFallbackUrl: expected.fallback, voiceFallbackMethod: 'POST' } : {}),
            ...(off.some((s) => s.name === 'status callback') ? { statusCallbackUrl: expected.status, statusCallbackMethod: 'POST' } : {}),
          });
        },
      );
    } catch (error) {
      wrong('BYOC trunk', `${settings.byocTrunkSid} cannot be read: ${(error as Error).message}`);
    }
  }

  if (settings.country === 'CN') {
    ok('dialing permissions', 'China: Twilio places no calls there; they leave by the BYOC trunk, whatever the geo permissions');
  } else {
    const country = await client.voice.v1.dialingPermissions.countries(settings.country).fetch();
    if (country.lowRiskNumbersEnabled) ok('dialing permissions', `${settings.country}: calls are enabled`);
    else wrong('dialing permissions', `${settings.country}: calls are not enabled (Console › Voice › Geo permissions); callbacks there are refused (21215)`);
  }
  return lines;
}

/** The report as printed: one line each, ✓ or ✗. */
export function formatAccountCheck(lines: AccountCheckLine[]): string {
  return lines.map((l) => `${l.ok ? '✓' : '✗'} ${l.subject}: ${l.message}`).join('\n');
}
