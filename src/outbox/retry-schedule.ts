/** How the outbox spaces its attempts. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** What to do after a failed attempt: try again at `at`, or give up (dead-letter). */
export type RetryVerdict = { retry: true; at: Date } | { retry: false };

/**
 * After the `attempts`-th failure: exponential backoff (base · 2^(attempts-1), capped at maxMs)
 * with "equal jitter" — half the delay fixed, half random — so retries of many messages after one
 * outage spread out instead of arriving together, yet none comes back sooner than half its step.
 * `random` is in [0, 1) (Math.random in the server; fixed in tests).
 */
export function nextAttempt(policy: RetryPolicy, attempts: number, now: Date, random: number, permanent = false): RetryVerdict {
  if (permanent || attempts >= policy.maxAttempts) return { retry: false };
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempts - 1, 40));
  const delay = step / 2 + (step / 2) * random;
  return { retry: true, at: new Date(now.getTime() + Math.round(delay)) };
}
