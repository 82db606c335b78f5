import { addDays, daysOf, isCalendarDay, openSiteDayRange, shiftRange, siteDay, siteDayRange, siteDayStart } from './site-day';

describe('site days', () => {
  it('maps site days to instants and back', () => {
    expect(siteDayStart('2026-11-23', 480).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(siteDay(new Date('2026-11-22T16:00:00Z'), 480)).toBe('2026-11-23');
    expect(siteDay(new Date('2026-11-22T15:59:59.999Z'), 480)).toBe('2026-11-22');
    expect(siteDayStart('2026-03-08', -300).toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('knows calendar days and counts days across months and leap years', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('26-11-01')).toBe(false);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('checks a range and names the field at fault', () => {
    const range = siteDayRange('2026-11-30', '2026-12-02', 480);
    expect(range).toEqual({ from: '2026-11-30', to: '2026-12-02', start: new Date('2026-11-29T16:00:00Z'), end: new Date('2026-12-02T16:00:00Z'), days: 3 });
    expect(daysOf(range)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(shiftRange(range, -7, 480)).toMatchObject({ from: '2026-11-23', to: '2026-11-25', start: new Date('2026-11-22T16:00:00Z'), days: 3 });
    expect(() => siteDayRange('2026-02-30', '2026-03-01', 480)).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ message: ['from "2026-02-30" is not a calendar date'] }) }),
    );
    expect(() => siteDayRange('2026-03-02', '2026-03-01', 480)).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ message: ['to must not be before from'] }) }),
    );
    expect(() => siteDayRange('2026-01-01', '2026-01-08', 480, 7)).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ message: ['to: the range may span at most 7 days (got 8)'] }) }),
    );
    expect(openSiteDayRange(undefined, '2026-11-23', 480)).toEqual({ start: null, end: new Date('2026-11-23T16:00:00Z') });
    expect(openSiteDayRange('2026-11-23', undefined, 480)).toEqual({ start: new Date('2026-11-22T16:00:00Z'), end: null });
    expect(() => openSiteDayRange(undefined, '2026-11-31', 480)).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ message: ['to "2026-11-31" is not a calendar date'] }) }),
    );
  });
});
