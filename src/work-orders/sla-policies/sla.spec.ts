import { addServiceMinutes, isOverdue, parseBusinessCalendar, slaDeadlines } from './sla';

const at = (iso: string) => new Date(iso);

describe('SLA computation', () => {
  const rule72 = { firstResponseMinutes: null, resolutionMinutes: 72 * 60, businessHoursOnly: false };

  it('is due 72 hours after creation by default, on the clock', () => {
    const created = at('2026-11-22T10:15:00.000Z');
    expect(slaDeadlines(created, rule72, null)).toEqual({ dueAt: at('2026-11-25T10:15:00.000Z'), firstResponseDueAt: null });
  });

  it('gives logistics after-sales a 5-minute first response and 48-hour resolution (seed 000)', () => {
    const created = at('2026-11-22T10:15:00.000Z');
    const d = slaDeadlines(created, { firstResponseMinutes: 5, resolutionMinutes: 48 * 60, businessHoursOnly: false }, null);
    expect(d).toEqual({ dueAt: at('2026-11-24T10:15:00.000Z'), firstResponseDueAt: at('2026-11-22T10:20:00.000Z') });
  });

  it('counts only business hours when the policy asks (09:00–18:00 Beijing, Monday–Friday)', () => {
    const cal = parseBusinessCalendar('09:00-18:00', '1-5', 480);
    // Friday 2026-11-20 17:00 Beijing = 09:00Z; 2 working hours → 1 h Friday + 1 h Monday → Monday 10:00 Beijing = 02:00Z.
    expect(addServiceMinutes(at('2026-11-20T09:00:00.000Z'), 120, cal)).toEqual(at('2026-11-23T02:00:00.000Z'));
    // Created before opening: counting starts at 09:00.
    expect(addServiceMinutes(at('2026-11-23T00:00:00.000Z'), 30, cal)).toEqual(at('2026-11-23T01:30:00.000Z'));
    // Created on Saturday: counting starts Monday 09:00.
    expect(addServiceMinutes(at('2026-11-21T04:00:00.000Z'), 60, cal)).toEqual(at('2026-11-23T02:00:00.000Z'));
    // 72 working hours = 8 working days of 9 h: Mon 23 Nov … Wed 2 Dec, 18:00 Beijing.
    expect(addServiceMinutes(at('2026-11-23T01:00:00.000Z'), 72 * 60, cal)).toEqual(at('2026-12-02T10:00:00.000Z'));
  });

  it('ends exactly at closing time rather than rolling over', () => {
    const cal = parseBusinessCalendar('09:00-18:00', '1-7', 480);
    expect(addServiceMinutes(at('2026-11-23T09:00:00.000Z'), 60, cal)).toEqual(at('2026-11-23T10:00:00.000Z'));
  });

  it('rejects malformed calendars', () => {
    expect(() => parseBusinessCalendar('18:00-09:00', '1-5', 480)).toThrow(/close after they open/);
    expect(() => parseBusinessCalendar('9-5', '1-5', 480)).toThrow(/HH:MM/);
    expect(() => parseBusinessCalendar('09:00-18:00', '0-8', 480)).toThrow(/1–7/);
  });

  it('is overdue only while open and past due, by the injected clock', () => {
    const order = { closedAt: null, dueAt: at('2026-11-25T10:15:00.000Z') };
    expect(isOverdue(order, at('2026-11-25T10:14:59.999Z'))).toBe(false);
    expect(isOverdue(order, at('2026-11-25T10:15:00.001Z'))).toBe(true);
    expect(isOverdue({ ...order, closedAt: at('2026-11-24T00:00:00Z') }, at('2026-12-01T00:00:00Z'))).toBe(false);
  });
});
