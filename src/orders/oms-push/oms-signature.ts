import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The order system's push signature, in the manner of Stripe's and Slack's webhook signatures:
 * `X-OMS-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the shared secret,
 * `X-OMS-Timestamp: <unix seconds>`. The timestamp is inside the signed text, so an old push replayed
 * as it was is refused by its age, and one with a new timestamp fails the signature.
 */
export function omsSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type OmsSignatureVerdict = 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch';

export function verifyOmsSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer | string,
  nowMs: number,
  maxSkewSeconds: number,
): OmsSignatureVerdict {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return 'expired';
  const expected = Buffer.from(omsSignature(secret, timestamp, rawBody));
  return timingSafeEqual(expected, Buffer.from(signature)) ? 'ok' : 'mismatch';
}
