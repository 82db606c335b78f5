/** 人员管理's calls to the server (bearer token, errors worded by code: core.api), and the temporary password it makes. */
import { api, query } from '../../core';
import type { components } from '../../services/api-types';

export type StaffMember = components['schemas']['StaffDto'];
export type Role = StaffMember['roles'][number];
export type AuditEntry = components['schemas']['StaffAuditEntryDto'];
export type AuditPage = components['schemas']['StaffAuditPageDto'];
export type Unit = components['schemas']['TerminalUnit'];

export const ROLES: Role[] = ['agent', 'supervisor', 'quality', 'terminal', 'admin'];
export const AUDIT_ACTIONS: AuditEntry['action'][] = ['create', 'deactivate', 'reactivate', 'reset-password', 'change-password', 'change-roles'];

const at = (jobNumber: string) => `/staff/${encodeURIComponent(jobNumber)}`;

export const staffApi = {
  list: () => api<StaffMember[]>('GET', '/staff'),
  units: () => api<Unit[]>('GET', '/units'),
  create: (body: components['schemas']['CreateStaffDto']) => api<StaffMember>('POST', '/staff', body),
  deactivate: (jobNumber: string, reason?: string) => api<StaffMember>('POST', `${at(jobNumber)}/deactivate`, { reason }),
  reactivate: (jobNumber: string, reason?: string) => api<StaffMember>('POST', `${at(jobNumber)}/reactivate`, { reason }),
  resetPassword: (jobNumber: string, newPassword: string) => api<StaffMember>('POST', `${at(jobNumber)}/password-reset`, { newPassword }),
  changeRoles: (jobNumber: string, body: components['schemas']['ChangeRolesDto']) => api<StaffMember>('PUT', `${at(jobNumber)}/roles`, body),
  audit: (params: { jobNumber?: string; action?: string; cursor?: string }) => api<AuditPage>('GET', `/staff/audit${query({ limit: 50, ...params })}`),
};

/** Letters and digits a person reads aloud without confusion (no 0/O, 1/l/I). */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789'; // 31 characters: 248 = 8 × 31

/**
 * A temporary password for a reset, from the browser's CSPRNG: groups of four read out over the phone
 * ("kq7m-3hxp-…"), long enough for the policy's minimum; never containing the job number.
 */
export function temporaryPassword(minLength: number, jobNumber: string): string {
  for (;;) {
    const groups = Math.ceil(Math.max(minLength, 12) / 5);
    const chars: string[] = [];
    while (chars.length < groups * 4) {
      // Bytes past the last whole multiple of the alphabet are dropped: every character equally likely.
      for (const byte of crypto.getRandomValues(new Uint8Array(32))) if (byte < 248) chars.push(READABLE[byte % READABLE.length]);
    }
    const password = Array.from({ length: groups }, (_, i) => chars.slice(i * 4, i * 4 + 4).join('')).join('-');
    if (!password.includes(jobNumber) && new Set(password).size >= 6) return password;
  }
}

export { fill } from '../../core';
