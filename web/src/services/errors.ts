/**
 * What a page shows for a server's error answer: the text of its stable `code` (with `params`) in the
 * page's language when the code is known here; else, for a status whose message is the framework's
 * (403, 5xx), the page's own words; else the server's message as it is (it names the field at fault).
 */
import { app } from '../core';
import { LOCALES, type TextKey } from '../locales';

export interface ErrorAnswer {
  statusCode?: number;
  code?: string;
  params?: Record<string, string | number>;
  message?: string | string[];
}

export function errorText(answer: ErrorAnswer | null | undefined, fallback: string): string {
  const key = answer?.code ? (`err_${answer.code}` as TextKey) : null;
  const texts = LOCALES[app.lang].texts as Record<string, string>;
  if (key && texts[key]) return texts[key].replace(/\{(\w+)\}/g, (all, name: string) => String(answer?.params?.[name] ?? all));
  const byStatus: Record<number, TextKey> = { 403: 'errForbidden', 500: 'errServer', 502: 'errServer', 503: 'errServer' };
  const status = answer?.statusCode;
  if (status && byStatus[status]) return texts[byStatus[status]];
  const message = answer?.message;
  return Array.isArray(message) ? message.join('; ') : (message ?? fallback);
}
