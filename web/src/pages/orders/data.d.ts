/** What the orders pages get from the server: the generated OpenAPI types of /orders, /stock and /deliveries. */
import type { components } from '../../services/api-types';

export type SalesOrder = components['schemas']['SalesOrderDto'];
export type DeliveryBooking = components['schemas']['DeliveryBookingDto'];
export type BookingCalendar = components['schemas']['BookingCalendarDto'];
export type DayCapacity = components['schemas']['DayCapacityDto'];
export type StockLevel = components['schemas']['StockLevelDto'];
export type BookingChangeResult = components['schemas']['BookingChangeResultDto'];
export type RescheduleBody = components['schemas']['RescheduleBookingDto'];
