import { invalidVoice, SANDBOX_DEFAULT_BYOC_TRUNK_SID } from '@hotline/twilio-sandbox';
import { loadConfig } from '../../config/load-config';
import { TelephonySettings } from './telephony-settings';

describe('TelephonySettings', () => {
  it('rings an agent so that, with Twilio’s 5 s dial buffer, the IVR still speaks within three rings (China)', () => {
    const settings = new TelephonySettings(loadConfig({}));
    expect(settings.answerWithinSeconds).toBe(15);
    expect(settings.dialTimeoutSeconds).toBe(9); // Twilio gives up at 9 + 5 = 14 s, after rings at 0, 5 and 10 s
    expect(settings.mode).toBe('sandbox');
    expect(settings.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('follows the North American cadence of 6 s a ring', () => {
    const settings = new TelephonySettings(loadConfig({ RING_CADENCE_SECONDS: '6' }));
    expect(settings.answerWithinSeconds).toBe(18);
    expect(settings.dialTimeoutSeconds).toBe(12);
  });

  it('uses Twilio when an account is configured, and refuses Twilio mode without credentials', () => {
    const sid = 'AC' + '0'.repeat(32);
    expect(new TelephonySettings(loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'x'.repeat(32) })).mode).toBe('twilio');
    expect(() => new TelephonySettings(loadConfig({ TELEPHONY: 'twilio' }))).toThrow('TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  });

  it('builds webhook URLs on the public base URL', () => {
    const settings = new TelephonySettings(loadConfig({ PUBLIC_BASE_URL: 'https://hotline.example.cn' }));
    expect(settings.url('/twilio/voice/connect', { agents: '1001,1002', skip: undefined })).toBe(
      'https://hotline.example.cn/twilio/voice/connect?agents=1001%2C1002',
    );
  });

  it('embeds the sandbox unless a standalone one is named, and never talks to a sandbox in Twilio mode', () => {
    const embedded = new TelephonySettings(loadConfig({ PORT: '3100' }));
    expect(embedded).toMatchObject({ embedsSandbox: true, sandboxUrl: 'http://localhost:3100' });
    const standalone = new TelephonySettings(loadConfig({ TWILIO_SANDBOX_URL: 'http://127.0.0.1:4500' }));
    expect(standalone).toMatchObject({ embedsSandbox: false, sandboxUrl: 'http://127.0.0.1:4500' });
    const real = new TelephonySettings(
      loadConfig({ TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_SANDBOX_URL: 'http://127.0.0.1:4500' }),
    );
    expect(real).toMatchObject({ mode: 'twilio', embedsSandbox: false, sandboxUrl: undefined });
    expect(() => loadConfig({ TWILIO_SANDBOX_URL: 'http://127.0.0.1:4500/api' })).toThrow(/TWILIO_SANDBOX_URL/);
  });

  it("speaks each language in an explicit voice Twilio pairs with it, and rings back as the site's country does", () => {
    const china = new TelephonySettings(loadConfig({}));
    expect(china.sayAttributes()).toEqual({ voice: 'Polly.Zhiyu', language: 'cmn-CN' });
    expect(china.sayAttributes('en')).toEqual({ voice: 'Polly.Joanna', language: 'en-US' });
    expect(china.ringTone).toBe('cn');
    expect(invalidVoice(china.sayAttributes().voice, china.sayAttributes().language)).toBeUndefined();
    const google = new TelephonySettings(loadConfig({ IVR_VOICE_ZH: 'Google.cmn-CN-Wavenet-B', IVR_LANGUAGE: 'en', SITE_COUNTRY: 'GB' }));
    expect(invalidVoice(google.sayAttributes('zh-CN').voice, google.sayAttributes('zh-CN').language)).toBeUndefined();
    expect(google.ringTone).toBe('uk');
    expect(new TelephonySettings(loadConfig({ SITE_COUNTRY: 'KR' })).ringTone).toBeUndefined(); // Twilio has no Korean ringback: its default
    expect(() => loadConfig({ IVR_VOICE_ZH: 'Polly.Joanna' })).toThrow(/IVR_VOICE_ZH/);
    expect(() => loadConfig({ IVR_VOICE_EN: 'Polly.Amy' })).toThrow(/IVR_VOICE_EN/); // en-GB
  });

  it("routes China through the sandbox's development BYOC trunk in sandbox mode, and through none with Twilio unless configured", () => {
    expect(new TelephonySettings(loadConfig({})).byocTrunkSid).toBe(SANDBOX_DEFAULT_BYOC_TRUNK_SID);
    const twilioMode = { TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 'x'.repeat(32) };
    expect(new TelephonySettings(loadConfig(twilioMode)).byocTrunkSid).toBeUndefined();
    expect(new TelephonySettings(loadConfig({ ...twilioMode, TWILIO_BYOC_TRUNK_SID: 'BY' + 'a'.repeat(32) })).byocTrunkSid).toBe('BY' + 'a'.repeat(32));
    expect(() => loadConfig({ TWILIO_BYOC_TRUNK_SID: 'TK123' })).toThrow(/TWILIO_BYOC_TRUNK_SID/);
  });
});
