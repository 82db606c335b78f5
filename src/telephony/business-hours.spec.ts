import { isOpen, parseBusinessHours } from './business-hours';

describe('business hours', () => {
  const china = parseBusinessHours('08:00-22:00', '1-5,7', '2026-10-01,2026-10-02', 480);

  it('is open inside the hours in the site’s time, closed outside', () => {
    // 2026-11-23 is a Monday. 08:00 in China is 00:00 UTC.
    expect(isOpen(china, new Date('2026-11-23T00:00:00Z'))).toBe(true);
    expect(isOpen(china, new Date('2026-11-22T23:59:00Z'))).toBe(false); // 07:59 local
    expect(isOpen(china, new Date('2026-11-23T13:59:00Z'))).toBe(true); // 21:59 local
    expect(isOpen(china, new Date('2026-11-23T14:00:00Z'))).toBe(false); // 22:00 local
  });

  it('is closed on days not listed and on holidays', () => {
    expect(isOpen(china, new Date('2026-11-28T04:00:00Z'))).toBe(false); // Saturday noon
    expect(isOpen(china, new Date('2026-11-29T04:00:00Z'))).toBe(true); // Sunday noon
    expect(isOpen(china, new Date('2026-10-01T04:00:00Z'))).toBe(false); // National Day
  });

  it('handles a 24-hour line', () => {
    const always = parseBusinessHours('00:00-24:00', '1-7', '', 0);
    expect(isOpen(always, new Date('2026-11-23T23:59:59Z'))).toBe(true);
    expect(isOpen(always, new Date('2026-11-23T00:00:00Z'))).toBe(true);
  });
});
