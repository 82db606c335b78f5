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
  /** Each finding of a refusal that has several (a field's, a row's, an item's), with its own code and values. */
  errors?: { code?: string; params?: Record<string, string | number>; message?: string }[];
}

export function errorText(answer: ErrorAnswer | null | undefined, fallback: string): string {
  const key = answer?.code ? (`err_${answer.code}` as TextKey) : null;
  const texts = LOCALES[app.lang].texts as Record<string, string>;
  // A param whose value is itself a code (`reason: not_started`) is worded by `<text key>.<param>.<value>` when the page has one.
  const fill = (text: string, params: ErrorAnswer['params'], key?: string) =>
    text.replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = params?.[name];
      return value === undefined ? all : (texts[`${key}.${name}.${value}`] ?? String(value));
    });
  // A refusal listing its findings, each with a code this page words (a scorecard's items, say): every finding in the page's language.
  const findings = answer?.errors ?? [];
  if (findings.length && findings.every((f) => f.code && f.params && !f.code.startsWith('validation.') && texts[`err_${f.code}`]))
    return findings.map((f) => fill(texts[`err_${f.code!}`], f.params)).join(texts.errSeparator ?? '; ');
  if (key && texts[key]) return fill(texts[key], answer?.params, key);
  const byStatus: Record<number, TextKey> = { 403: 'errForbidden', 500: 'errServer', 502: 'errServer', 503: 'errServer' };
  const status = answer?.statusCode;
  if (status && byStatus[status]) return texts[byStatus[status]];
  const message = answer?.message;
  return Array.isArray(message) ? message.join('; ') : (message ?? fallback);
}
