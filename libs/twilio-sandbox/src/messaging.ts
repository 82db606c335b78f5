import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { SandboxClock, TimerHandle } from './clock';
import { dialledCountry } from './dialing';
import type { SidGenerator } from './ids';
import { SandboxError } from './sandbox-api';
import type { WebhookParams } from './signature';
import type { HttpMethod, WebhookDispatcher } from './webhooks';

/*
 * Programmable Messaging, the part the app uses: the Message resource (create, fetch, list), its
 * status progression with status callbacks, the incoming-message webhook, Twilio's own STOP
 * filtering, and the errors Twilio gives. Sources:
 * - Message resource and its statuses: https://www.twilio.com/docs/messaging/api/message-resource
 * - which statuses call back ("A status callback request is not sent for the initial status"):
 *   https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks
 * - the incoming-message webhook's parameters: https://www.twilio.com/docs/messaging/guides/webhook-request
 * - STOP filtering (English keywords, long codes): https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out
 * - China: "Two-way SMS supported: No"; landlines refused with 21614: https://www.twilio.com/en/guidelines/cn/sms
 */

/** Message resource Status values the sandbox uses (Message resource, "Status values"). */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

/** Carrier (delivery) errors, reported in the status callback's ErrorCode with `undelivered` or `failed`. */
export const DELIVERY_ERRORS = {
  /** https://www.twilio.com/docs/api/errors/30003 — handset off or out of coverage (transient: retry). */
  30003: 'Unreachable destination handset',
  /** https://www.twilio.com/docs/api/errors/30005 — the number is unknown to its carrier. */
  30005: 'Unknown destination handset',
  /** https://www.twilio.com/docs/api/errors/30006 — a landline, or a carrier the sender cannot reach. */
  30006: 'Landline or unreachable carrier',
  /** https://www.twilio.com/docs/api/errors/30008 — the carrier gave no reason. */
  30008: 'Unknown error',
} as const;
export type DeliveryErrorCode = keyof typeof DELIVERY_ERRORS;

/**
 * REST errors of Messages create (HTTP 400, nothing sent): 21211 invalid To
 * (https://www.twilio.com/docs/api/errors/21211), 21408 no messaging geo permission for the region
 * (https://www.twilio.com/docs/api/errors/21408), 21602 no Body (…/21602), 21603 no From nor
 * MessagingServiceSid (…/21603), 21604 no To (…/21604), 21610 the recipient replied STOP to this
 * sender (…/21610), 21614 not a mobile number (China guidelines: landlines get 21614).
 */
export type MessageRejectCode = 21211 | 21408 | 21602 | 21603 | 21604 | 21610 | 21614;

/** What happens to the next message(s) sent — the sandbox's stand-in for the carrier. */
export type MessageFate =
  | { outcome: 'delivered' }
  | { outcome: 'undelivered' | 'failed'; errorCode: DeliveryErrorCode }
  /** Refused at create: the REST API answers 400 with this code. */
  | { outcome: 'rejected'; errorCode: MessageRejectCode };

export interface SandboxMessage {
  sid: string;
  accountSid: string;
  direction: 'outbound-api' | 'inbound';
  from: string;
  to: string;
  messagingServiceSid: string | null;
  body: string;
  numSegments: number;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  dateCreated: number;
  dateUpdated: number;
  dateSent: number | null;
  /** Every status it passed through, with sandbox time. */
  history: { status: MessageStatus; at: number }[];
}

/** A sender of the account (a number or a Messaging Service) and where replies to it go. */
export interface SandboxMessagingSender {
  /** An E.164 number, alphanumeric sender ID, or a Messaging Service SID (MG…). */
  sender: string;
  /** The incoming-message webhook (the number's or the service's "A message comes in" URL). */
  smsUrl?: string;
  smsMethod?: HttpMethod;
}

export interface MessagingOptions {
  senders?: SandboxMessagingSender[];
  /** ISO countries the account may message (Messaging geo permissions). Default US, CA. */
  permittedCountries?: string[];
  /** The carrier's verdict on a message nobody scripted with failNext(). Default: delivered. */
  delivery?: (to: string, body: string) => MessageFate;
  /** Sandbox milliseconds from create to sending, to sent, and to the carrier's receipt. */
  timings?: Partial<MessageTimings>;
}

export interface MessageTimings {
  sendingMs: number;
  sentMs: number;
  receiptMs: number;
}

const DEFAULT_TIMINGS: MessageTimings = { sendingMs: 100, sentMs: 400, receiptMs: 2000 };

/** Twilio's default opt-out keywords, handled by Twilio itself for long codes (Advanced Opt-Out tutorial). */
export const TWILIO_OPT_OUT_KEYWORDS = ['STOP', 'UNSUBSCRIBE', 'END', 'QUIT', 'STOPALL', 'REVOKE', 'OPTOUT', 'CANCEL'];
const TWILIO_OPT_IN_KEYWORDS = ['START', 'UNSTOP'];
/** Twilio applies its STOP filtering to US and Canadian long codes; elsewhere the reply just reaches the app. */
const STOP_FILTERING_COUNTRIES = ['US', 'CA'];

export interface MessageRequest {
  to?: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  statusCallback?: string;
}

interface MessagingHost {
  readonly accountSid: string;
  readonly clock: SandboxClock;
  readonly webhooks: WebhookDispatcher;
  readonly sids: SidGenerator;
}

const isE164 = (n: string) => /^\+[1-9]\d{6,14}$/.test(n);

/** GSM-7 fits 160 characters a segment (153 when split); anything else is UCS-2, 70 (67). */
export function segmentsOf(body: string): number {
  // eslint-disable-next-line no-control-regex -- GSM-7 is close enough to printable ASCII here
  const gsm = /^[\x0a\x0d\x20-\x7e]*$/.test(body);
  const length = [...body].length;
  const [single, part] = gsm ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / part);
}

/** The account's messages: the message log the tests read, and the carrier's verdicts. */
export class MessagingHub {
  readonly messages: SandboxMessage[] = [];
  private readonly timings: MessageTimings;
  private readonly permitted: string[];
  private readonly scripted: MessageFate[] = [];
  /** Sender → numbers that replied STOP to it (Twilio's own filtering; US/CA only). */
  private readonly stopped = new Map<string, Set<string>>();
  private readonly timers = new Set<TimerHandle>();

  constructor(
    private readonly host: MessagingHost,
    private readonly options: MessagingOptions = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.permitted = options.permittedCountries ?? ['US', 'CA'];
  }

  /** The next `count` messages get `fate` instead of the default (e.g. a 30003 to see a retry). */
  failNext(fate: MessageFate, count = 1): void {
    for (let i = 0; i < count; i++) this.scripted.push(fate);
  }

  get(sid: string): SandboxMessage | undefined {
    return this.messages.find((m) => m.sid === sid);
  }

  /** Messages create. Throws SandboxError(400, code) as the REST API answers. */
  create(req: MessageRequest): SandboxMessage {
    const to = req.to?.trim();
    if (!to) throw new SandboxError(400, 21604, "A 'To' phone number is required.");
    if (!req.from && !req.messagingServiceSid) throw new SandboxError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    if (!req.body) throw new SandboxError(400, 21602, 'Message body is required.');
    if (!isE164(to)) throw new SandboxError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    const country = dialledCountry(to);
    if (!country || !this.permitted.includes(country))
      throw new SandboxError(400, 21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`);
    const type = parsePhoneNumberFromString(to)?.getType();
    if (type === 'FIXED_LINE') throw new SandboxError(400, 21614, `'To' number ${to} is not a valid mobile number.`);
    const sender = req.messagingServiceSid ?? req.from!;
    if (this.stopped.get(sender)?.has(to)) throw new SandboxError(400, 21610, 'Attempt to send to unsubscribed recipient');
    const fate = this.scripted.shift() ?? this.options.delivery?.(to, req.body) ?? { outcome: 'delivered' };
    if (fate.outcome === 'rejected') throw new SandboxError(400, fate.errorCode, `Message refused (${fate.errorCode}, scripted by the sandbox)`);
    const now = this.host.clock.now();
    const message: SandboxMessage = {
      sid: this.host.sids('SM'),
      accountSid: this.host.accountSid,
      direction: 'outbound-api',
      from: req.from ?? req.messagingServiceSid!,
      to,
      messagingServiceSid: req.messagingServiceSid ?? null,
      body: req.body,
      numSegments: segmentsOf(req.body),
      status: 'queued',
      errorCode: null,
      errorMessage: null,
      statusCallback: req.statusCallback ?? null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      history: [{ status: 'queued', at: now }],
    };
    this.messages.push(message);
    // queued (no callback for the initial status) → sending → sent → delivered | undelivered; failed skips sent.
    this.after(this.timings.sendingMs, () => {
      this.advance(message, 'sending');
      if (fate.outcome === 'failed') return this.after(this.timings.sentMs, () => this.advance(message, 'failed', fate.errorCode));
      this.after(this.timings.sentMs, () => {
        message.dateSent = this.host.clock.now();
        this.advance(message, 'sent');
        this.after(this.timings.receiptMs, () =>
          fate.outcome === 'delivered' ? this.advance(message, 'delivered') : this.advance(message, 'undelivered', fate.errorCode),
        );
      });
    });
    return message;
  }

  /**
   * A customer's reply reaches a sender: the message is logged `received` and the sender's
   * incoming-message webhook is called. For a US/CA number Twilio itself acts on STOP/START first
   * (later sends get 21610); nowhere else does it — a Chinese customer's "TD" is the app's to honour.
   */
  async receive(from: string, to: string, body: string): Promise<SandboxMessage> {
    const now = this.host.clock.now();
    const message: SandboxMessage = {
      sid: this.host.sids('SM'),
      accountSid: this.host.accountSid,
      direction: 'inbound',
      from,
      to,
      messagingServiceSid: to.startsWith('MG') ? to : null,
      body,
      numSegments: segmentsOf(body),
      status: 'received',
      errorCode: null,
      errorMessage: null,
      statusCallback: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      history: [{ status: 'received', at: now }],
    };
    this.messages.push(message);
    const keyword = body.trim().toUpperCase();
    if (STOP_FILTERING_COUNTRIES.includes(dialledCountry(from) ?? '')) {
      const stopped = this.stopped.get(to) ?? new Set<string>();
      this.stopped.set(to, stopped);
      if (TWILIO_OPT_OUT_KEYWORDS.includes(keyword)) stopped.add(from);
      if (TWILIO_OPT_IN_KEYWORDS.includes(keyword)) stopped.delete(from);
    }
    const target = this.options.senders?.find((s) => s.sender === to);
    if (target?.smsUrl) {
      const params: WebhookParams = {
        MessageSid: message.sid,
        SmsSid: message.sid,
        SmsMessageSid: message.sid,
        AccountSid: this.host.accountSid,
        From: from,
        To: to,
        Body: body,
        NumMedia: '0',
        NumSegments: String(message.numSegments),
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        FromCountry: dialledCountry(from) ?? '',
        ToCountry: dialledCountry(to) ?? '',
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      };
      await this.host.webhooks.send('incoming-message', message.sid, target.smsUrl, target.smsMethod ?? 'POST', params);
    }
    return message;
  }

  close(): void {
    for (const t of this.timers) this.host.clock.clearTimeout(t);
    this.timers.clear();
  }

  private after(ms: number, fn: () => void): void {
    const handle = this.host.clock.setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
  }

  private advance(message: SandboxMessage, status: MessageStatus, errorCode?: DeliveryErrorCode): void {
    const now = this.host.clock.now();
    message.status = status;
    message.dateUpdated = now;
    message.history.push({ status, at: now });
    if (errorCode) {
      message.errorCode = errorCode;
      message.errorMessage = DELIVERY_ERRORS[errorCode];
    }
    if (!message.statusCallback) return;
    const params: WebhookParams = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: message.accountSid,
      From: message.from,
      To: message.to,
      MessageStatus: status,
      SmsStatus: status,
      ApiVersion: '2010-04-01',
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      ...(errorCode ? { ErrorCode: String(errorCode) } : {}),
    };
    void this.host.webhooks.send('message-status', message.sid, message.statusCallback, 'POST', params, status);
  }
}
