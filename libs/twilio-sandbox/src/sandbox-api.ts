import type { SandboxCall, CallSnapshot } from './call';
import type { SandboxClock } from './clock';
import type { ConferenceHub } from './conference-hub';
import type { DeviceHub } from './device-hub';
import type { SandboxByocTrunk } from './dialing';
import type { DocSource } from './execution';
import type { MessagingHub } from './messaging';
import type { SandboxQueue } from './queue';
import type { HttpMethod, WebhookDelivery, WebhookResult } from './webhooks';

/*
 * The sandbox as its HTTP faces see it: the REST API, the account API and the control API are
 * written against these interfaces, which TwilioSandbox implements, so none of them imports the
 * sandbox (which mounts them) back.
 */

/** A hotline number owned by the sandbox account, like an IncomingPhoneNumber's voice settings. */
export interface SandboxPhoneNumber {
  number: string;
  voiceUrl: string;
  voiceMethod?: HttpMethod;
  voiceFallbackUrl?: string;
  /** Incoming numbers' status callback gets the `completed` event only (IncomingPhoneNumber docs). */
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
}

/** What a dialled PSTN number does; the sandbox has no real phones. */
export type PstnBehaviour = { outcome: 'answer' | 'busy' | 'failed'; afterMs: number } | { outcome: 'no-answer' };

export interface PlaceCallRequest {
  from: string;
  to: string;
  /** Digits the caller enters at the first <Gather> (after its prompts). */
  digits?: string;
  /** Digits for successive Gathers, one entry each; `digits` is prepended. */
  gatherInputs?: string[];
  /** How long the caller speaks at a <Record>. */
  recordSpeechMs?: number;
}

export interface CreateCallRequest {
  to: string;
  from: string;
  url?: string;
  method?: HttpMethod;
  twiml?: string;
  fallbackUrl?: string;
  fallbackMethod?: HttpMethod;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvent?: string[];
  /** Ring timeout in seconds (Calls API default 60). */
  timeout?: number;
  /** BYOC trunk SID the call leaves through (Calls API `Byoc`). */
  byoc?: string;
}

/** Participants create: the call to place and the flags it joins with. */
export interface AddParticipantRequest {
  from: string;
  to: string;
  label?: string;
  muted?: boolean;
  beep?: string;
  startConferenceOnEnter?: boolean;
  endConferenceOnExit?: boolean;
  coaching?: boolean;
  callSidToCoach?: string;
  timeout?: number;
  byoc?: string;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvent?: string[];
  conferenceStatusCallback?: string;
  conferenceStatusCallbackMethod?: string;
  conferenceStatusCallbackEvent?: string[];
}

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Twilio's REST API (`/2010-04-01/…`, rest-api.ts): calls and queues. */
export interface RestApiHost {
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: SandboxClock;
  callRecord(callSid: string): SandboxCall | undefined;
  listCalls(): SandboxCall[];
  createCall(req: CreateCallRequest): SandboxCall;
  redirectCall(callSid: string, source: DocSource): void;
  completeCall(callSid: string, status: 'completed' | 'canceled'): void;
  listQueues(): SandboxQueue[];
  createQueue(friendlyName: string, maxSize?: number): SandboxQueue;
  deleteQueue(sid: string): void;
  queueBySid(sid: string): SandboxQueue | undefined;
  readonly conferences: ConferenceHub;
  readonly messaging: MessagingHub;
  addParticipant(conferenceSidOrName: string, req: AddParticipantRequest): SandboxCall;
}

/** The account's resources (account-api.ts): numbers, trunks, keys, dialing permissions. */
export interface AccountApiHost {
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: SandboxClock;
  readonly phoneNumbers: (SandboxPhoneNumber & { sid: string })[];
  readonly byocTrunks: SandboxByocTrunk[];
  readonly apiKeySids: string[];
  readonly dialingPermissions: string[];
}

/** The sandbox's own control API and caller page (`/sandbox/…`, control-api.ts). */
export interface ControlApiHost {
  readonly clock: SandboxClock;
  readonly devices: DeviceHub;
  readonly messaging: MessagingHub;
  placeCall(req: PlaceCallRequest): string;
  pressDigits(callSid: string, digits: string): void;
  hangup(callSid: string): void;
  getCall(callSid: string): CallSnapshot | undefined;
  listCalls(): SandboxCall[];
  webhookDeliveries(callSid?: string): WebhookDelivery[];
  replayWebhook(id: string): Promise<WebhookResult>;
  setStatusCallbackMode(mode: 'immediate' | 'hold'): void;
  deliverHeldStatusCallbacks(order?: string[]): Promise<WebhookResult[]>;
}
