import { dayCapacities, windowsOf } from './window-capacity';

describe('a centre’s remaining capacity per day and window', () => {
  const slots = [
    { timeWindow: '09:00-12:00', day: null, slots: 3 },
    { timeWindow: '13:00-18:00', day: null, slots: 2 },
    { timeWindow: '13:00-18:00', day: '2026-12-08', slots: 0 },
  ];

  it('takes every day’s slots, a day’s own row overriding them', () => {
    expect([...windowsOf(slots, '2026-12-07')]).toEqual([
      ['09:00-12:00', 3],
      ['13:00-18:00', 2],
    ]);
    expect(windowsOf(slots, '2026-12-08').get('13:00-18:00')).toBe(0);
  });

  it('subtracts the bookings counted per day and window; a window booked beyond its slots goes negative', () => {
    const [d7, d8] = dayCapacities(['2026-12-07', '2026-12-08'], slots, [
      { day: '2026-12-07', timeWindow: '09:00-12:00', booked: 3 },
      { day: '2026-12-08', timeWindow: '13:00-18:00', booked: 1 },
      { day: '2026-12-08', timeWindow: '19:00-21:00', booked: 1 },
    ]);
    expect(d7).toEqual({
      day: '2026-12-07',
      windows: [
        { timeWindow: '09:00-12:00', slots: 3, booked: 3, remaining: 0 },
        { timeWindow: '13:00-18:00', slots: 2, booked: 0, remaining: 2 },
      ],
      slots: 5,
      booked: 3,
      remaining: 2,
    });
    expect(d8.windows.map((w) => [w.timeWindow, w.remaining])).toEqual([
      ['09:00-12:00', 3],
      ['13:00-18:00', -1],
      ['19:00-21:00', -1],
    ]);
  });
});
