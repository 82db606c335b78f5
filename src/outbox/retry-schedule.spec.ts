import { nextAttempt } from './retry-schedule';

const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 10_000 };
const now = new Date('2026-12-06T10:00:00Z');
const delayOf = (attempts: number, random: number) => {
  const verdict = nextAttempt(policy, attempts, now, random);
  return verdict.retry ? verdict.at.getTime() - now.getTime() : null;
};

describe('nextAttempt', () => {
  it('doubles the delay with each failure, half of it jittered', () => {
    expect([1, 2, 3].map((n) => delayOf(n, 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => delayOf(n, 0.999999))).toEqual([1000, 2000, 4000]);
  });

  it('never waits longer than the cap', () => {
    expect(delayOf(4, 0.999999)).toBe(8000);
    expect(nextAttempt({ ...policy, maxAttempts: 50 }, 40, now, 0.999999)).toEqual({ retry: true, at: new Date(now.getTime() + 10_000) });
  });

  it('gives up after the last attempt, and at once on a permanent failure', () => {
    expect(nextAttempt(policy, 5, now, 0.5)).toEqual({ retry: false });
    expect(nextAttempt(policy, 1, now, 0.5, true)).toEqual({ retry: false });
  });
});
