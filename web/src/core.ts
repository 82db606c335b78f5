/**
 * What every page shares: the signed-in session, the language and its texts (`t`), a small element
 * builder (`h`: a download link, the charts' data tables), the REST helper (`api`, bearer token from
 * /auth/login; the typed client is services/client.ts), and authenticated downloads (the Voice SDK Device is services/voice-device.ts:
 * only the pages that ring load it).
 */
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
  /** Set by the router: the session changed in place (a fresh token after the own password change). */
  onSessionRenewed: () => {},
  /** The own password change in flight: its revocation of the old token is not a withdrawal of access. */
  tokenChange: null as Promise<unknown> | null,
  /** Why the last session ended without the user signing out; the sign-in page says it once. */
  signOutNotice: null as TextKey | null,
  /**
   * Set by an agent's softphone (kept signed in behind every page): another page is about to place a call
   * for this agent (POST /calls/outbound) — its leg, ringing the Device when the customer answers, is taken
   * at once, as the softphone's own dial's is. Returns what undoes it if the call was refused.
   */
  expectOwnCall: null as ((to: string) => () => void) | null,
  /** The call another page placed for the agent (POST /calls/outbound answered): the softphone holds, consults… by its CallSid. */
  ownCallPlaced: null as ((callSid: string) => void) | null,
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

/** The server refused this page's token (deactivated, password or roles changed, expired): signed out, and told why on the sign-in page. */
export function sessionEnded(): void {
  setSession(null);
  app.signOutNotice = 'accessWithdrawn';
  app.onSignedOut();
}

/**
 * The server closed this page's socket as unauthorized (it does so the moment access is withdrawn):
 * unless the page has since taken a fresh token (its own password change), ask the server whether the
 * token still holds — a 401 signs the page out.
 */
export async function socketRefused(token: string): Promise<void> {
  await app.tokenChange?.catch(() => undefined);
  if (!app.session || app.session.token !== token) return;
  await api('GET', '/auth/me').catch(() => undefined);
}

async function failure(response: Response): Promise<Error> {
  const data = await response.json().catch(() => null);
  if (response.status === 401 && app.session) sessionEnded();
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
