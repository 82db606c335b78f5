/* No decorators or framework here: the web pages import these too. */

/** What a booking brings to the customer's door: a delivery (配送) or an installation (安装). */
export const BOOKING_KINDS = ['delivery', 'installation'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];

/**
 * A booking's way through the day: booked 已预约 → loading 装车 → on_the_way 在途 → delivered 已送达 / failed 配送失败.
 * A failed delivery marked for re-delivery (再配送) is booked again for a new day and window.
 */
export const BOOKING_STATUSES = ['booked', 'loading', 'on_the_way', 'delivered', 'failed'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A booking the order system's snapshot of its order no longer lists (cancelled in the OMS). Kept, not
 * deleted: the audit of the hotline's changes and the outbox's messages name it; it holds no slot.
 * Not a status the OMS sends — its snapshot drops the booking.
 */
export const CANCELLED_BY_OMS = 'cancelled';
/** A booking's status as the hotline stores and shows it. */
export const STORED_BOOKING_STATUSES = [...BOOKING_STATUSES, CANCELLED_BY_OMS] as const;
export type StoredBookingStatus = (typeof STORED_BOOKING_STATUSES)[number];

/** Statuses that still hold a slot of the centre's capacity on their day (a delivered, failed or cancelled run no longer does). */
export const SLOT_HOLDING_STATUSES: readonly BookingStatus[] = ['booked', 'loading', 'on_the_way'];

/** A booking's time window as the OMS writes it, `HH:MM-HH:MM` (e.g. `09:00-12:00`). */
export const TIME_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

/** The hotline's own changes to a booking, sent back to the order system (OMS). */
export const ORDER_CHANGE_KINDS = ['reschedule', 'address', 'redelivery'] as const;
export type OrderChangeKind = (typeof ORDER_CHANGE_KINDS)[number];
// reschedule 改约 · address 改地址 · redelivery 再配送
