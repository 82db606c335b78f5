import type { IncomingMessage, ServerResponse } from 'node:http';
import { formDecode, WebhookParams } from './signature';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** One parameter value as Twilio would see it in a form: text; a nested JSON value as its JSON. */
function paramText(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** Form or JSON body as flat params (Twilio's REST API takes forms; the control API takes both). */
export async function readParams(req: IncomingMessage): Promise<WebhookParams> {
  // Mounted behind a framework body parser (Express/Nest), the stream is already consumed.
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded && parsed && typeof parsed === 'object') {
    const out: WebhookParams = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (v !== undefined && v !== null) out[k] = Array.isArray(v) ? v.map(paramText) : paramText(v);
    }
    return out;
  }
  const body = await readBody(req);
  if (!body) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const json = JSON.parse(body) as Record<string, unknown>;
    const out: WebhookParams = {};
    for (const [k, v] of Object.entries(json)) {
      if (v === undefined || v === null) continue;
      out[k] = Array.isArray(v) ? v.map(paramText) : paramText(v);
    }
    return out;
  }
  return formDecode(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
export const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** HTTP Basic auth with the account SID and auth token, as Twilio's REST API takes. */
export function authorized(sb: { readonly accountSid: string; readonly authToken: string }, req: IncomingMessage): boolean {
  const h = req.headers.authorization ?? '';
  if (!h.startsWith('Basic ')) return false;
  const [user, ...rest] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
  return user === sb.accountSid && rest.join(':') === sb.authToken;
}
