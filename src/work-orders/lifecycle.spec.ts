import { allowedActions, allowedActionsFor, closeRefusal, IllegalTransitionError, nextStatus } from './lifecycle';

describe('work-order lifecycle', () => {
  it('walks the happy path new → assigned → in progress → solution proposed → closed', () => {
    let s = nextStatus('new', 'assign');
    expect(s).toBe('assigned');
    s = nextStatus(s, 'start');
    expect(s).toBe('in_progress');
    s = nextStatus(s, 'propose-solution');
    expect(s).toBe('solution_proposed');
    expect(nextStatus(s, 'accept')).toBe('solution_proposed');
    expect(nextStatus(s, 'close')).toBe('closed');
  });

  it('reopens on rejection and after close (a callback finds it unsolved)', () => {
    expect(nextStatus('solution_proposed', 'reject')).toBe('reopened');
    expect(nextStatus('closed', 'reopen')).toBe('reopened');
    expect(nextStatus('reopened', 'assign')).toBe('assigned');
    expect(nextStatus('reopened', 'propose-solution')).toBe('solution_proposed');
  });

  it('escalates from any open state, and cannot-handle only from a handler’s states', () => {
    for (const s of ['new', 'assigned', 'in_progress', 'solution_proposed', 'reopened'] as const) expect(nextStatus(s, 'escalate')).toBe('escalated');
    expect(nextStatus('in_progress', 'cannot-handle')).toBe('escalated');
    expect(() => nextStatus('new', 'cannot-handle')).toThrow(IllegalTransitionError);
    expect(nextStatus('escalated', 'assign')).toBe('assigned');
  });

  it('names the current state and the allowed actions on an illegal transition', () => {
    try {
      nextStatus('in_progress', 'close');
      fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect((error as Error).message).toBe('Cannot close a work order that is in_progress; allowed in in_progress: assign, solution, escalate, cannot-handle');
    }
    expect(() => nextStatus('closed', 'assign')).toThrow('allowed in closed: reopen');
    expect(allowedActions('closed')).toEqual(['reopen']);
  });

  it('refuses to close without the customer’s acceptance', () => {
    expect(closeRefusal({ status: 'solution_proposed', solution: 'refund', acceptedAt: null })).toMatch(/acceptance/);
    expect(closeRefusal({ status: 'solution_proposed', solution: 'refund', acceptedAt: new Date() })).toBeNull();
  });

  it('offers only the steps allowed now, named as the routes, and each person only their own', () => {
    const proposed = { status: 'solution_proposed' as const, solution: '补发', acceptedAt: null };
    expect(allowedActionsFor(proposed)).toEqual(['acceptance', 'reopen', 'escalate']);
    expect(allowedActionsFor({ ...proposed, acceptedAt: new Date() })).toEqual(['close', 'reopen', 'escalate']);
    expect(allowedActionsFor({ status: 'in_progress', solution: null, acceptedAt: null }, ['terminal'])).toEqual(['solution', 'cannot-handle']);
    expect(allowedActionsFor({ status: 'assigned', solution: null, acceptedAt: null }, ['terminal'])).toEqual(['start', 'solution', 'cannot-handle']);
    expect(allowedActionsFor({ status: 'closed', solution: '补发', acceptedAt: new Date() }, ['terminal'])).toEqual([]);
  });
});
