/** How the quality pages print figures: the API's numbers as they are (no re-rounding), null as a dash. */
import { app, dateTimeText, t, type TextKey } from '../../core';
import type { Change } from './types';

export const DASH = '—';
export const num = (v: number | null | undefined): string => (v === null || v === undefined ? DASH : String(v));
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? DASH : `${v}%`);
/** A change: "+3 (+50%)"; the % is a dash when the previous value was 0. */
export const change = (c: Change): string => `${c.delta > 0 ? '+' : ''}${c.delta} (${c.pct === null ? DASH : `${c.pct > 0 ? '+' : ''}${c.pct}%`})`;
export const dateTime = (iso: string | null): string => (iso ? dateTimeText(iso) : DASH);

/** YYYY-MM-DD plus n calendar days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A terminal's name and a cause's label in the page's language. */
export const terminalLabel = (terminal: string): string => t(`term_${terminal}` as TextKey);
export const causeLabel = (c: { labelZh: string; labelEn: string }): string => (app.lang === 'zh' ? c.labelZh : c.labelEn);
