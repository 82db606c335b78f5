/**
 * Which failures are worth another send, and when. A message Twilio refused (21xxx: invalid or
 * landline number, no permission for the region, an unsubscribed recipient) or that the carrier
 * says cannot exist (30005 unknown handset, 30006 landline) fails for good; a handset out of reach
 * (30003), an unknown carrier error (30008), Twilio's queue (30001/30002), too many requests (20429)
 * or Twilio/the network being down (5xx, no answer) are retried with exponential backoff.
 */
const RETRYABLE_CODES = new Set([20429, 30001, 30002, 30003, 30008, 30500]);

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
}

const MAX_DELAY_MS = 3_600_000;

/** Whether an error Twilio gave (its code, or none for a network failure; its HTTP status for a REST answer) is transient. */
export function isRetryable(failure: { code?: number | null; httpStatus?: number | null }): boolean {
  if (failure.code && RETRYABLE_CODES.has(failure.code)) return true;
  if (failure.httpStatus !== undefined && failure.httpStatus !== null) return failure.httpStatus >= 500 || failure.httpStatus === 429;
  return !failure.code; // no answer at all: the network or Twilio is down
}

/** When to send again after `attempts` sends have failed, or null once they are used up. */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, now: number): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  return new Date(now + Math.min(MAX_DELAY_MS, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1)));
}

/** Twilio's statuses in the order a message passes them: a late callback never moves a message back. */
const PROGRESS: Record<string, number> = { pending: 0, queued: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4 };

export function isForward(current: string, next: string): boolean {
  return (PROGRESS[next] ?? -1) > (PROGRESS[current] ?? -1);
}
