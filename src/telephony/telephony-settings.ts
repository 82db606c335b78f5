import {
  RING_TONES,
  SANDBOX_DEFAULT_ACCOUNT_SID,
  SANDBOX_DEFAULT_API_KEY_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  SANDBOX_DEFAULT_BYOC_TRUNK_SID,
  SANDBOX_DEFAULT_MESSAGING_SERVICE_SID,
} from '@hotline/twilio-sandbox';
import { ConfigVariables } from '../../config/config-variables';

/** Twilio adds this to every <Dial timeout> ("Twilio always adds a 5-second buffer"). */
export const TWILIO_DIAL_TIMEOUT_BUFFER_SECONDS = 5;
/** Room for the dial-result webhook and the first word of the IVR. */
const IVR_TURNAROUND_SECONDS = 1;

/** The telephony settings, resolved once from the configuration. */
export class TelephonySettings {
  readonly mode: 'sandbox' | 'twilio';
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKeySid: string;
  readonly apiKeySecret: string;
  readonly publicBaseUrl: string;
  /** Sandbox mode: where the sandbox's REST API is — a standalone one, or this server (embedded). */
  readonly sandboxUrl: string | undefined;
  /** Sandbox mode with the sandbox inside this server. */
  readonly embedsSandbox: boolean;
  readonly hotlineNumber: string;
  readonly entryQueue: string;
  readonly language: 'zh-CN' | 'en';
  /** The whole three-ring budget: arrival to first answer, by an agent or the IVR. */
  readonly answerWithinSeconds: number;
  /**
   * <Dial timeout> for ringing an agent: Twilio gives up `timeout + 5 s` after dialling, and the
   * IVR must speak within the three-ring budget, so the agent rings for the budget less the
   * buffer and the webhook turnaround (15 − 5 − 1 = 9 → the agent's leg ends at 14 s, after the
   * rings that start at 0, 5 and 10 s).
   */
  readonly dialTimeoutSeconds: number;
  readonly announceEverySeconds: number;
  /** Lifetime of agents' Voice SDK access tokens (the page renews them on `tokenWillExpire`). */
  readonly tokenTtlSeconds: number;
  /**
   * The BYOC trunk (BY…) the 400 number comes in by and calls to mainland China leave through;
   * unset with Twilio → such calls are refused. The sandbox has a development trunk of its own.
   */
  readonly byocTrunkSid: string | undefined;
  /** ISO country of the site: national numbers are read in it. */
  readonly country: string;
  /** Caller ID on calls out through the BYOC trunk. */
  readonly byocCallerId: string;
  /** <Say voice> per prompt language. */
  readonly voices: { 'zh-CN': string; en: string };
  /** SMS to customers are sent from this Messaging Service (MG…), else from `smsFrom`; neither → SMS are not sent. */
  readonly smsMessagingServiceSid: string | undefined;
  readonly smsFrom: string | undefined;
  /** <Dial ringTone>: the ringback callers are used to, from the site's country (Twilio's names: cn, uk, us…). */
  readonly ringTone: string | undefined;

  constructor(config: ConfigVariables) {
    this.mode = config.TELEPHONY ?? (config.TWILIO_ACCOUNT_SID ? 'twilio' : 'sandbox');
    if (this.mode === 'twilio' && (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN)) {
      throw new Error('Invalid configuration: TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    }
    this.accountSid = config.TWILIO_ACCOUNT_SID ?? SANDBOX_DEFAULT_ACCOUNT_SID;
    this.authToken = config.TWILIO_AUTH_TOKEN ?? SANDBOX_DEFAULT_AUTH_TOKEN;
    this.apiKeySid = config.TWILIO_API_KEY_SID ?? SANDBOX_DEFAULT_API_KEY_SID;
    this.apiKeySecret = config.TWILIO_API_KEY_SECRET ?? this.authToken;
    this.publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
    this.sandboxUrl = this.mode === 'sandbox' ? (config.TWILIO_SANDBOX_URL ?? this.publicBaseUrl) : undefined;
    this.embedsSandbox = this.mode === 'sandbox' && !config.TWILIO_SANDBOX_URL;
    this.hotlineNumber = config.HOTLINE_NUMBER;
    this.entryQueue = config.ENTRY_QUEUE;
    this.language = config.IVR_LANGUAGE;
    this.answerWithinSeconds = config.RING_CADENCE_SECONDS * config.RING_COUNT;
    this.dialTimeoutSeconds = Math.max(1, this.answerWithinSeconds - TWILIO_DIAL_TIMEOUT_BUFFER_SECONDS - IVR_TURNAROUND_SECONDS);
    this.announceEverySeconds = config.QUEUE_ANNOUNCE_SECONDS;
    this.tokenTtlSeconds = config.TWILIO_TOKEN_TTL_SECONDS;
    this.byocTrunkSid = config.TWILIO_BYOC_TRUNK_SID ?? (this.mode === 'sandbox' ? SANDBOX_DEFAULT_BYOC_TRUNK_SID : undefined);
    this.country = config.SITE_COUNTRY;
    this.byocCallerId = config.TWILIO_BYOC_CALLER_ID ?? config.HOTLINE_NUMBER;
    this.voices = { 'zh-CN': config.IVR_VOICE_ZH, en: config.IVR_VOICE_EN };
    this.smsFrom = config.SMS_FROM;
    this.smsMessagingServiceSid =
      config.SMS_MESSAGING_SERVICE_SID ?? (!config.SMS_FROM && this.mode === 'sandbox' ? SANDBOX_DEFAULT_MESSAGING_SERVICE_SID : undefined);
    const tone = config.SITE_COUNTRY === 'GB' ? 'uk' : config.SITE_COUNTRY.toLowerCase();
    this.ringTone = RING_TONES.has(tone) ? tone : undefined;
  }

  /**
   * <Say> attributes for prompts in `language`: an explicit voice with the language it speaks —
   * Twilio's default voice speaks no Chinese, and a voice/language pair it does not offer may fail
   * the verb (Mandarin: Polly.Zhiyu and Google cmn-CN-*, language cmn-CN).
   */
  sayAttributes(language: 'zh-CN' | 'en' = this.language): { voice: string; language: string } {
    return { voice: this.voices[language], language: language === 'zh-CN' ? 'cmn-CN' : 'en-US' };
  }

  url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${this.publicBaseUrl}${path}${qs ? `?${qs}` : ''}`;
  }
}
