/**
 * The callback visit (回访) rules, as pure functions: when a visit is due after a work order closes,
 * what an unreachable attempt does (retry later, or give up after the last attempt), and how a
 * visit's state reads on the work list.
 */

export const CALLBACK_STATUSES = ['scheduled', 'in_progress', 'done', 'failed', 'unreachable', 'superseded'] as const;
/**
 * scheduled — waiting for its (next) attempt · in_progress — a call is placed, the result not yet
 * recorded · done — the customer was reached and the problem is solved · failed — reached, not
 * solved: the work order was reopened · unreachable — every attempt failed · superseded — the order
 * was reopened and closed again, so a newer visit replaces this one.
 */
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
/** List filters: the stored statuses plus `due` (scheduled, and its time has come). */
export const CALLBACK_FILTERS = ['due', ...CALLBACK_STATUSES] as const;
export type CallbackFilter = (typeof CALLBACK_FILTERS)[number];

export const UNREACHABLE_REASONS = ['no_answer', 'busy', 'wrong_number', 'switched_off', 'declined'] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];
// no_answer 无人接听 · busy 占线 · wrong_number 号码错误 · switched_off 关机 · declined 拒绝回访

export interface RetryPolicy {
  maxAttempts: number;
  retryMinutes: number;
}

const MINUTE = 60_000;

/** The visit is due `delayMinutes` after the close. */
export function dueAfterClose(closedAt: Date, delayMinutes: number): Date {
  return new Date(closedAt.getTime() + delayMinutes * MINUTE);
}

/**
 * After attempt number `attempts` (1-based) failed to reach the customer: retry `retryMinutes`
 * later while attempts remain; after the last one the visit is unreachable. A wrong number cannot
 * get better by retrying: it ends the visit at once.
 */
export function afterUnreachable(
  attempts: number,
  reason: UnreachableReason,
  now: Date,
  policy: RetryPolicy,
): { status: 'scheduled' | 'unreachable'; dueAt: Date | null } {
  if (reason === 'wrong_number' || attempts >= policy.maxAttempts) return { status: 'unreachable', dueAt: null };
  return { status: 'scheduled', dueAt: new Date(now.getTime() + policy.retryMinutes * MINUTE) };
}

/** Dissatisfied (不满意): satisfaction 1 or 2 — listed for follow-up even when the problem is solved. */
export function isDissatisfied(satisfaction: number): boolean {
  return satisfaction <= 2;
}

/** How a stored status reads on the work list at `now`: scheduled visits whose time has come are `due`. */
export function listedStatus(status: CallbackStatus, dueAt: Date | null, now: Date): CallbackFilter {
  return status === 'scheduled' && dueAt !== null && dueAt.getTime() <= now.getTime() ? 'due' : status;
}

/** The states that still take an attempt or a result. */
export const OPEN_CALLBACK_STATUSES: readonly CallbackStatus[] = ['scheduled', 'in_progress'];
