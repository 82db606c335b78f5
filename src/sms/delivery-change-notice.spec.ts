import { BookingChange, deliveryNoticeFor } from './delivery-change-notice';

const change = (over: Partial<BookingChange> = {}): BookingChange => ({
  changeId: 7,
  kind: 'reschedule',
  orderNumber: 'SO20261201-0001',
  before: { day: '2026-12-08', timeWindow: '09:00-12:00' },
  after: { day: '2026-12-09', timeWindow: '14:00-18:00' },
  workOrderNumber: null,
  ...over,
});

describe('deliveryNoticeFor', () => {
  it('tells the customer the new day and window, once per change', () => {
    expect(deliveryNoticeFor(change(), '+8613800138000')).toEqual({
      customerPhone: '+8613800138000',
      orderNumber: 'SO20261201-0001',
      deliveryDate: '2026-12-09',
      deliveryWindow: '14:00-18:00',
      changeKey: 'order-change:7',
      workOrderNumber: null,
    });
  });

  it('sends nothing for an address change that keeps the time, but does for a re-delivery', () => {
    const same = { day: '2026-12-08', timeWindow: '09:00-12:00' };
    expect(deliveryNoticeFor(change({ kind: 'address', after: same }), '+8613800138000')).toBeNull();
    expect(deliveryNoticeFor(change({ kind: 'redelivery', after: same }), '+8613800138000')?.deliveryDate).toBe('2026-12-08');
  });
});
