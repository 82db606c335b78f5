import { createHmac } from 'node:crypto';

/** Webhook parameters as Twilio sends them: form fields, a repeated field as an array. */
export type WebhookParams = Record<string, string | string[]>;

/**
 * X-Twilio-Signature exactly as Twilio computes it (docs: "Webhooks security"): take the full URL
 * (scheme, host, port, path and query string as requested), append every POST parameter name
 * followed by its value, names in sorted order (a repeated name: its values sorted), HMAC-SHA1 it
 * with the account's auth token and base64 the digest. GET requests carry their parameters in the
 * URL, so `params` is empty there. Mirrors twilio-node's getExpectedTwilioSignature, which the
 * spec checks against.
 */
export function computeTwilioSignature(authToken: string, url: string, params: WebhookParams = {}): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (Array.isArray(value)) {
      for (const v of [...new Set(value)].sort()) data += key + v;
    } else {
      data += key + value;
    }
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** application/x-www-form-urlencoded body; repeated fields are sent as repeated names, as Twilio does. */
export function formEncode(params: WebhookParams): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const item of v) sp.append(k, item);
    else sp.append(k, v);
  }
  return sp.toString();
}

/** Parses a form body into WebhookParams, keeping repeated fields (e.g. StatusCallbackEvent) as arrays. */
export function formDecode(body: string): WebhookParams {
  const out: WebhookParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
