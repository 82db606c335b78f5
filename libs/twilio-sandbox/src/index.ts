export { TwilioSandbox, SandboxError } from './sandbox';
export type { TwilioSandboxOptions, SandboxPhoneNumber, PlaceCallRequest, CreateCallRequest, PstnBehaviour } from './sandbox';
export { VirtualClock, RealClock, sleep } from './clock';
export type { SandboxClock, TimerHandle } from './clock';
export { computeTwilioSignature, formEncode, formDecode } from './signature';
export { voiceRequestParams, webhookHeaders } from './voice-request';
export type { VoiceRequestCall } from './voice-request';
export type { WebhookParams } from './signature';
export {
  SANDBOX_DEFAULT_ACCOUNT_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  SANDBOX_DEFAULT_API_KEY_SID,
  SANDBOX_DEFAULT_BYOC_TRUNK_SID,
  SANDBOX_DEFAULT_MESSAGING_SERVICE_SID,
  sequentialSids,
  randomSid,
} from './ids';
export { DEFAULT_DIALING_PERMISSIONS, DialingRefused, dialledCountry } from './dialing';
export type { SandboxByocTrunk } from './dialing';
export type { CallEvent, CallSnapshot, CallStatus, CallDirection } from './call';
export type { WebhookDelivery, WebhookResult } from './webhooks';
export { APPLICATION_ERROR_MESSAGE, DEFAULT_HOLD_MUSIC_URL } from './execution';
export type { ExecutorTimings } from './execution';
export { createSandboxTwilioClient, SandboxRequestClient } from './client';
export { verifyVoiceAccessToken, AccessTokenError } from './access-token';
export { parseTwiml } from './twiml';
export { RING_TONES, invalidVoice, voiceLanguage } from './tts-voices';
export { MessagingHub, DELIVERY_ERRORS, TWILIO_OPT_OUT_KEYWORDS, segmentsOf } from './messaging';
export type { MessageFate, MessageStatus, SandboxMessage, MessagingOptions, SandboxMessagingSender, DeliveryErrorCode, MessageRejectCode } from './messaging';
