/**
 * A quality alert in the page's language, from the server's `messageCode` and `messageParams` (its English
 * `message` is for logs and curl): the unit's code and name kept as they are (a proper name), the terminal,
 * cause and figures worded here.
 */
import { Fragment, type ReactNode } from 'react';
import type { TextKey } from '../../core';
import { useLanguage } from '../../language';
import { useCauses } from '../work-orders/service';
import { dateTime, num, terminalLabel } from './format';
import type { QualityAlert } from './types';

/** A text with {name} placeholders, each replaced by a value that may be an element. */
export function fill(template: string, values: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return <Fragment key={i}>{name !== undefined && name in values ? values[name] : part}</Fragment>;
  });
}

export function AlertText({ alert: a }: { alert: QualityAlert }) {
  const { t } = useLanguage();
  const { categoryLabel } = useCauses();
  const p = a.messageParams ?? {};
  const key = `alert_${a.messageCode}` as TextKey;
  if (!a.messageCode || t(key) === key) return <span translate="no">{a.message}</span>; // a code this page does not know yet
  const unit = p.unitCode ? <span translate="no">{`${p.unitCode} ${p.unitName ?? ''}`.trim()}</span> : t('qNoUnit');
  return (
    <>
      {fill(t(key), {
        unit,
        terminal: terminalLabel(String(p.terminal)),
        cause: p.category ? categoryLabel(String(p.category)) : '—',
        day: String(p.day ?? ''),
        since: p.periodStart ? dateTime(String(p.periodStart)) : '—',
        bookings: num(p.bookings as number | null),
        capacity: num(p.capacity as number | null),
        loadPct: num(p.loadPct as number | null),
        count: num(p.count as number | null),
        usual: num(p.baselinePerWindow as number | null),
        windowHours: num(p.windowHours as number | null),
      })}
    </>
  );
}
