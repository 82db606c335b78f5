/**
 * What every page shares: the signed-in session, the language and its texts (`t`), a small element
 * builder (`h`: a download link, the charts' data tables), the REST helper (`api`, bearer token from
 * /auth/login; the typed client is services/client.ts), authenticated downloads and the Voice SDK Device.
 */
import { SandboxDevice } from '@hotline/sandbox-device';
import { Call, Device } from '@twilio/voice-sdk';
import { LOCALES, type Lang, type TextKey } from './locales';
import { errorText } from './services/errors';

export interface Session {
  token: string;
  jobNumber: string;
  name: string;
  roles: string[];
}

export type { TextKey };

/** The page's mutable state; `onSignedOut` is set by the router (a 401 signs the page out). */
export const app = {
  lang: ((localStorage.getItem('lang') as Lang) || 'zh') as Lang,
  session: JSON.parse(sessionStorage.getItem('session') ?? 'null') as Session | null,
  onSignedOut: () => {},
  /** Set by the softphone while it is shown: tells the server the agent signs out before the page lets go. */
  signOutPage: null as (() => Promise<void>) | null,
};

export const t = (key: TextKey): string => LOCALES[app.lang].texts[key] ?? key;

/** An instant as the page's language writes it (never the browser's own locale, which may differ from the page's). */
export const dateTimeText = (at: string | number | Date): string =>
  new Date(at).toLocaleString(LOCALES[app.lang].dates, { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' });
/** A time of day (24 h) as the page's language writes it. */
export const timeText = (at: string | number | Date): string => new Date(at).toLocaleTimeString(LOCALES[app.lang].dates, { hourCycle: 'h23' });

export function setSession(session: Session | null): void {
  app.session = session;
  if (session) sessionStorage.setItem('session', JSON.stringify(session));
  else sessionStorage.removeItem('session');
}

export const hasRole = (...roles: string[]): boolean => !!app.session?.roles.some((r) => roles.includes(r));

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'testid') el.setAttribute('data-testid', String(v));
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

const authHeader = (): Record<string, string> => (app.session ? { Authorization: `Bearer ${app.session.token}` } : {});

async function failure(response: Response): Promise<Error> {
  const data = await response.json().catch(() => null);
  if (response.status === 401 && app.session) {
    setSession(null);
    app.onSignedOut();
  }
  return new Error(errorText(data, response.statusText));
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', ...authHeader() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return (response.status === 204 ? null : await response.json().catch(() => null)) as T;
}

/** Fetches a file with the bearer token and saves it (an object URL and a download link). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, { headers: authHeader() });
  if (!response.ok) throw await failure(response);
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Query string of the set values. */
export const query = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** GET /telephony/token: the agent's access token, and which Device takes it. */
interface VoiceToken {
  token: string;
  mode: 'twilio' | 'sandbox';
}

/** What the page asks of a Device — Twilio's Voice SDK Device and the sandbox's both have it. */
interface Softphone {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
  register(): Promise<void>;
  updateToken(token: string): void;
  destroy(): void;
}

/** Twilio's Voice SDK in production; the sandbox's Device (same API, no media) when the server embeds the sandbox. */
const createDevice = ({ token, mode }: VoiceToken): Softphone =>
  mode === 'twilio' ? new Device(token, { closeProtection: true }) : (new SandboxDevice(token, {}) as unknown as Softphone);

/** What a Device is doing, as a text key (shown in the page's language) and the error's own message if any. */
export interface DeviceStatus {
  key: 'deviceConnecting' | 'deviceReady' | 'deviceOffline' | 'deviceError';
  detail?: string;
}

/**
 * Registers this page's softphone — the Voice SDK Device (the sandbox's in sandbox mode), ringing as the signed-in
 * agent's identity — reports its state to `onStatus`, and hands each incoming call to `onIncoming`. Returns the teardown.
 * The token is renewed on `tokenWillExpire` (10 s before it expires): Twilio drops the registration of an
 * expired token (20104), and the agent would stop ringing an hour into a shift.
 */
export function connectDevice(onStatus: (status: DeviceStatus) => void, onIncoming: (call: Call) => void): () => void {
  let device: Softphone | null = null;
  let gone = false;
  const renew = async (attempt = 0): Promise<void> => {
    try {
      const { token } = await api<VoiceToken>('GET', '/telephony/token');
      if (!gone) device?.updateToken(token);
    } catch (e) {
      // A failed renewal is tried again while the old token still holds (every 2 s within the 10 s warning).
      if (!gone && app.session && attempt < 4) setTimeout(() => void renew(attempt + 1), 2000);
      else onStatus({ key: 'deviceError', detail: (e as Error).message });
    }
  };
  void (async () => {
    try {
      const voiceToken = await api<VoiceToken>('GET', '/telephony/token');
      if (gone) return;
      device = createDevice(voiceToken);
      device.on('registered', () => onStatus({ key: 'deviceReady' }));
      device.on('unregistered', () => onStatus({ key: 'deviceOffline' }));
      device.on('error', (e: Error) => onStatus({ key: 'deviceError', detail: e.message }));
      device.on('incoming', onIncoming);
      device.on('tokenWillExpire', () => void renew());
      await device.register();
    } catch (e) {
      onStatus({ key: 'deviceError', detail: (e as Error).message });
    }
  })();
  return () => {
    gone = true;
    device?.destroy();
  };
}
