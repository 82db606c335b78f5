/** The desk's calls to the server (bearer token, errors worded by code: core.api). */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { useEffect, useState } from 'react';
import { api, app, hasRole, query } from '../../core';
import { causeLabel } from '../quality/format';
import type { Attachment, Claim, Customer360, InboxPage, Step, TimelineEntry, WorkOrder } from './data';

export const desk = {
  inbox: (params: Record<string, string | undefined>) => api<InboxPage>('GET', `/work-orders/inbox${query(params)}`),
  get: (number: string) => api<WorkOrder>('GET', `/work-orders/${number}`),
  timeline: (number: string) => api<{ items: TimelineEntry[] }>('GET', `/work-orders/${number}/timeline`),
  step: (number: string, step: Step, body: Record<string, unknown>) => api<WorkOrder>('POST', `/work-orders/${number}/${step}`, body),
  remark: (number: string, body: { reason: string; flag?: string }) => api('POST', `/work-orders/${number}/remarks`, body),
  attachments: (number: string) => api<Attachment[]>('GET', `/work-orders/${number}/attachments`),
  upload: (number: string, body: { fileName: string; contentType: string; dataBase64: string }) =>
    api<Attachment>('POST', `/work-orders/${number}/attachments`, body),
  claims: (number: string) => api<Claim[]>('GET', `/work-orders/${number}/claims`),
  decide: (number: string, id: number, action: 'approve' | 'reject' | 'paid', body: Record<string, unknown>) =>
    api<Claim>('POST', `/work-orders/${number}/claims/${id}/${action}`, body),
  create: (body: Record<string, unknown>) => api<WorkOrder>('POST', '/work-orders', body),
  /** A linked call's record (its recording); agents, supervisors and quality monitors only. */
  call: (callSid: string) =>
    api<{ callSid: string; arrivedAt: string; agentJobNumber: string | null; recordingUrl: string | null }>('GET', `/calls/${callSid}`),
  causes: () => api<Cause[]>('GET', '/quality/causes'),
  /** The agent's own call out (外呼, POST /calls/outbound): their softphone rings when the customer answers. */
  dial: (target: { workOrderNumber: string } | { to: string }) =>
    api<{ callSid: string; to: string; workOrderNumber: string | null }>('POST', '/calls/outbound', target),
  customers: (q: string) => api<{ customers: Customer360[] }>('GET', `/customer-360${query({ q })}`),
};

/** Who may dial a customer from the desk: agents (the one outbound path is theirs; quality monitors keep masked numbers). */
export const canDial = () => hasRole('agent');

/**
 * Click-to-call: places the agent's call through POST /calls/outbound and brings their softphone (open behind
 * every page) to the front, which takes the call's leg by itself when the customer answers.
 */
export async function dialCustomer(target: { workOrderNumber: string } | { to: string }, shown: string): Promise<void> {
  const undo = app.expectOwnCall?.(shown);
  try {
    app.ownCallPlaced?.((await desk.dial(target)).callSid);
  } catch (e) {
    undo?.();
    throw e;
  }
  location.hash = '#/softphone';
}

/** A photo's bytes through the bearer token, as an object URL for a thumbnail. */
export async function photoUrl(number: string, id: number): Promise<string> {
  const response = await fetch(`/work-orders/${number}/attachments/${id}`, {
    headers: { Authorization: `Bearer ${JSON.parse(sessionStorage.getItem('session') ?? 'null')?.token ?? ''}` },
  });
  return URL.createObjectURL(await response.blob());
}

/** What is left until `dueAt` (negative: how long overdue), in the page's words: "3天4小时" / "3d 4h". */
export function slaLeft(ms: number, t: (key: 'woDays' | 'woHours' | 'woMinutes' | 'woSeconds' | 'woUnitGap') => string): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const s = Math.floor((Math.abs(ms) % 60_000) / 1000);
  const unit = (n: number, key: 'woDays' | 'woHours' | 'woMinutes' | 'woSeconds', pad = false) =>
    t(key).replace('{n}', pad ? String(n).padStart(2, '0') : String(n));
  return d
    ? `${unit(d, 'woDays')}${t('woUnitGap')}${unit(h, 'woHours')}`
    : h
      ? `${unit(h, 'woHours')}${t('woUnitGap')}${unit(m, 'woMinutes', true)}`
      : `${unit(m, 'woMinutes')}${t('woUnitGap')}${unit(s, 'woSeconds', true)}`;
}

/**
 * A phone number as a person reads it: national format for the site's own country (+86 → "138 0013 8106"),
 * international for others; a masked number (138****5678) or anything unparseable as it came.
 */
export function displayPhone(phone: string): string {
  if (phone.includes('*')) return phone;
  const parsed = parsePhoneNumberFromString(phone, 'CN');
  if (!parsed?.isValid()) return phone;
  return parsed.country === 'CN' ? parsed.formatNational() : parsed.formatInternational();
}

type Cause = { code: string; labelZh: string; labelEn: string };
/** The managed cause list (投诉原因, GET /quality/causes), fetched once per page load, and a category's label in the page's language (its code while unknown). */
let causesOnce: Promise<Cause[]> | null = null;
export function useCauses(): { causes: Cause[]; categoryLabel: (code: string) => string } {
  const [causes, setCauses] = useState<Cause[]>([]);
  useEffect(() => {
    causesOnce ??= desk.causes().catch(() => ((causesOnce = null), []));
    let live = true;
    void causesOnce.then((list) => live && setCauses(list));
    return () => void (live = false);
  }, []);
  return {
    causes,
    categoryLabel: (code) => {
      const cause = causes.find((c) => c.code === code);
      return cause ? causeLabel(cause) : code;
    },
  };
}
