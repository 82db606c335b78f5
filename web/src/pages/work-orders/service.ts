/** The desk's calls to the server (bearer token, errors worded by code: core.api). */
import { api, query } from '../../core';
import type { Attachment, Claim, Customer360, InboxPage, Step, TimelineEntry, WorkOrder } from './data';

export const desk = {
  inbox: (params: Record<string, string | undefined>) => api<InboxPage>('GET', `/work-orders/inbox${query(params)}`),
  get: (number: string) => api<WorkOrder>('GET', `/work-orders/${number}`),
  timeline: (number: string) => api<{ items: TimelineEntry[] }>('GET', `/work-orders/${number}/timeline`),
  step: (number: string, step: Step, body: Record<string, unknown>) => api<WorkOrder>('POST', `/work-orders/${number}/${step}`, body),
  remark: (number: string, body: { reason: string; flag?: string }) => api('POST', `/work-orders/${number}/remarks`, body),
  attachments: (number: string) => api<Attachment[]>('GET', `/work-orders/${number}/attachments`),
  upload: (number: string, body: { fileName: string; contentType: string; dataBase64: string }) => api<Attachment>('POST', `/work-orders/${number}/attachments`, body),
  claims: (number: string) => api<Claim[]>('GET', `/work-orders/${number}/claims`),
  decide: (number: string, id: number, action: 'approve' | 'reject' | 'paid', body: Record<string, unknown>) => api<Claim>('POST', `/work-orders/${number}/claims/${id}/${action}`, body),
  create: (body: Record<string, unknown>) => api<WorkOrder>('POST', '/work-orders', body),
  /** A linked call's record (its recording); agents, supervisors and quality monitors only. */
  call: (callSid: string) => api<{ callSid: string; arrivedAt: string; agentJobNumber: string | null; recordingUrl: string | null }>('GET', `/calls/${callSid}`),
  customers: (q: string) => api<{ customers: Customer360[] }>('GET', `/customer-360${query({ q })}`),
};

/** A photo's bytes through the bearer token, as an object URL for a thumbnail. */
export async function photoUrl(number: string, id: number): Promise<string> {
  const response = await fetch(`/work-orders/${number}/attachments/${id}`, { headers: { Authorization: `Bearer ${JSON.parse(sessionStorage.getItem('session') ?? 'null')?.token ?? ''}` } });
  return URL.createObjectURL(await response.blob());
}

/** "2 h 05 min" / "3 d 4 h": what is left until `dueAt` (negative: how long overdue). */
export function slaLeft(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const s = Math.floor((Math.abs(ms) % 60_000) / 1000);
  return d ? `${d}d ${h}h` : h ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}
