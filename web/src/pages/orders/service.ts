/** The orders pages' calls: search, stock, a booking's calendar and its changes (api: bearer token, errors worded by errorText). */
import { api, query } from '../../core';
import type { BookingCalendar, BookingChangeResult, RescheduleBody, SalesOrder, StockLevel } from './data';

export const ordersApi = {
  search: (q: string) => api<{ matchedBy: 'phone' | 'order'; items: SalesOrder[] }>('GET', `/orders${query({ q })}`),
  stock: (product: string, unit?: string) => api<StockLevel[]>('GET', `/stock${query({ product, unit })}`),
  /** Two weeks from the site's today (the server's clock). */
  calendar: (reference: string) => api<BookingCalendar>('GET', `/deliveries/${encodeURIComponent(reference)}/calendar`),
  reschedule: (reference: string, kind: 'reschedule' | 'redelivery', body: RescheduleBody) =>
    api<BookingChangeResult>('POST', `/deliveries/${encodeURIComponent(reference)}/${kind}`, body),
  changeAddress: (reference: string, body: { address: string; callSid?: string; expectedVersion?: number }) =>
    api<BookingChangeResult>('POST', `/deliveries/${encodeURIComponent(reference)}/address`, body),
};

/** Fen as yuan, ¥4,599.00. */
export const yuan = (fen: number): string => `¥${(fen / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
