import { afterUnreachable, dueAfterClose, isDissatisfied, listedStatus } from './callback-policy';

const at = (iso: string) => new Date(iso);
const policy = { maxAttempts: 3, retryMinutes: 120 };

describe('callback visit policy (回访)', () => {
  it('is due the configured delay after the close', () => {
    expect(dueAfterClose(at('2026-11-23T02:00:00.000Z'), 1440).toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(dueAfterClose(at('2026-11-23T02:00:00.500Z'), 0).toISOString()).toBe('2026-11-23T02:00:00.500Z');
    expect(dueAfterClose(at('2026-11-23T23:30:00.000Z'), 45).toISOString()).toBe('2026-11-24T00:15:00.000Z');
  });

  it('retries after an unreachable attempt until the last, then gives up', () => {
    const now = at('2026-11-24T03:00:00.000Z');
    expect(afterUnreachable(1, 'no_answer', now, policy)).toEqual({ status: 'scheduled', dueAt: at('2026-11-24T05:00:00.000Z') });
    expect(afterUnreachable(2, 'busy', now, policy)).toEqual({ status: 'scheduled', dueAt: at('2026-11-24T05:00:00.000Z') });
    expect(afterUnreachable(3, 'no_answer', now, policy)).toEqual({ status: 'unreachable', dueAt: null });
    expect(afterUnreachable(1, 'no_answer', now, { maxAttempts: 1, retryMinutes: 5 })).toEqual({ status: 'unreachable', dueAt: null });
    expect(afterUnreachable(1, 'switched_off', now, { maxAttempts: 5, retryMinutes: 5 }).dueAt).toEqual(at('2026-11-24T03:05:00.000Z'));
  });

  it('ends at once on a wrong number', () => {
    expect(afterUnreachable(1, 'wrong_number', at('2026-11-24T03:00:00.000Z'), policy)).toEqual({ status: 'unreachable', dueAt: null });
  });

  it('flags satisfaction 1–2 as dissatisfied', () => {
    expect([1, 2, 3, 4, 5].map(isDissatisfied)).toEqual([true, true, false, false, false]);
  });

  it('lists a scheduled visit as due once its time has come', () => {
    const due = at('2026-11-24T02:00:00.000Z');
    expect(listedStatus('scheduled', due, at('2026-11-24T01:59:59.999Z'))).toBe('scheduled');
    expect(listedStatus('scheduled', due, due)).toBe('due');
    expect(listedStatus('in_progress', due, at('2026-11-25T00:00:00.000Z'))).toBe('in_progress');
    expect(listedStatus('unreachable', null, due)).toBe('unreachable');
  });
});
