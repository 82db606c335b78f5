import { createSandboxTwilioClient, SANDBOX_DEFAULT_API_KEY_SID, SANDBOX_DEFAULT_BYOC_TRUNK_SID, TwilioSandbox } from '@hotline/twilio-sandbox';
import { loadConfig } from '../../config/load-config';
import { TelephonySettings } from './telephony-settings';
import { checkTwilioAccount, formatAccountCheck } from './twilio-account-check';

const BASE = 'https://hotline.example.cn';

/** `npm run twilio:check` against the sandbox, which serves the account's configuration resources. */
describe('checkTwilioAccount (against the sandbox)', () => {
  let sb: TwilioSandbox;
  let url: string;
  beforeEach(async () => {
    sb = new TwilioSandbox({
      // A deliberately misconfigured account: the number points at an old server and has no fallback
      // or status callback; the trunk has no status callback; only US calls are enabled.
      phoneNumbers: [{ number: '+14155550100', voiceUrl: 'https://old.example.com/voice' }],
      byocTrunks: [{ sid: SANDBOX_DEFAULT_BYOC_TRUNK_SID, voiceUrl: `${BASE}/twilio/voice/incoming`, voiceFallbackUrl: `${BASE}/twilio/voice/fallback` }],
      dialingPermissions: ['US'],
    });
    url = (await sb.listen(0)).url;
  });
  afterEach(() => sb.close());

  const run = (env: Record<string, string>, fix = false) => {
    const config = loadConfig({ TWILIO_SANDBOX_URL: url, PUBLIC_BASE_URL: BASE, HOTLINE_NUMBER: '+14155550100', SITE_COUNTRY: 'US', ...env });
    const settings = new TelephonySettings(config);
    return checkTwilioAccount(createSandboxTwilioClient(url, settings.accountSid, settings.authToken), settings, config, { fix });
  };

  it("reports, line by line, the misconfigured number, the trunk's missing status callback and the missing API key", async () => {
    const lines = await run({});
    const report = formatAccountCheck(lines);
    expect(report).toContain(`✗ number +14155550100: voice URL is https://old.example.com/voice, should be ${BASE}/twilio/voice/incoming`);
    expect(report).toContain(`✗ number +14155550100: voice fallback URL is (not set), should be ${BASE}/twilio/voice/fallback`);
    expect(report).toContain(`✗ number +14155550100: status callback is (not set), should be ${BASE}/twilio/voice/status`);
    expect(report).toContain(`✗ BYOC trunk ${SANDBOX_DEFAULT_BYOC_TRUNK_SID}: status callback is (not set), should be ${BASE}/twilio/voice/status`);
    expect(report).toContain(`✓ BYOC trunk ${SANDBOX_DEFAULT_BYOC_TRUNK_SID}: voice URL is ${BASE}/twilio/voice/incoming`);
    expect(report).toMatch(/✗ API key: TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET are not set/);
    expect(report).toMatch(/✓ account: AC[0-9a-f]{32} \(Twilio sandbox\) is active/);
    expect(report).toContain('✓ dialing permissions: US: calls are enabled');
    expect(lines.filter((l) => !l.ok)).toHaveLength(5);
    expect(sb.phoneNumbers[0].voiceUrl).toBe('https://old.example.com/voice'); // a check changes nothing
  });

  it('--fix sets the URLs on the number and the trunk; a second check finds them right', async () => {
    const fixed = await run({}, true);
    expect(fixed.filter((l) => l.fixed).map((l) => l.subject)).toEqual([
      'number +14155550100',
      'number +14155550100',
      'number +14155550100',
      `BYOC trunk ${SANDBOX_DEFAULT_BYOC_TRUNK_SID}`,
    ]);
    expect(sb.phoneNumbers[0]).toMatchObject({
      voiceUrl: `${BASE}/twilio/voice/incoming`,
      voiceFallbackUrl: `${BASE}/twilio/voice/fallback`,
      statusCallback: `${BASE}/twilio/voice/status`,
    });
    expect(sb.byocTrunks[0].statusCallbackUrl).toBe(`${BASE}/twilio/voice/status`);
    const again = await run({ TWILIO_API_KEY_SID: SANDBOX_DEFAULT_API_KEY_SID, TWILIO_API_KEY_SECRET: 'secret' });
    expect(again.filter((l) => !l.ok)).toEqual([]);
  });

  it('says what is missing: a trunk for China, a country not enabled, an unknown trunk, wrong credentials', async () => {
    const site = { SITE_COUNTRY: 'FR', HOTLINE_NUMBER: '+33142685300' };
    const report = formatAccountCheck(await run({ ...site, TWILIO_BYOC_TRUNK_SID: 'BY' + 'f'.repeat(32) }));
    expect(report).toContain(`✗ BYOC trunk: BY${'f'.repeat(32)} cannot be read`);
    expect(report).toContain('✓ number +33142685300: not a Twilio number: the carrier brings it in by the BYOC trunk');
    expect(report).toContain('✗ dialing permissions: FR: calls are not enabled');
    const denied = await run({ TWILIO_AUTH_TOKEN: 'f'.repeat(32) });
    expect(formatAccountCheck(denied)).toMatch(/^✗ account: TWILIO_ACCOUNT_SID \/ TWILIO_AUTH_TOKEN refused/);
    expect(denied).toHaveLength(1);
  });
});
