/** The desk's answers as the server gives them (src/work-orders views: inbox, detail, timeline, claims, photos; customer 360). */
import type { SearchMatch } from '../../components/search-snippet';

export type Step = 'assign' | 'start' | 'solution' | 'acceptance' | 'close' | 'reopen' | 'escalate' | 'cannot-handle';

export interface WorkOrder {
  number: string;
  status: string;
  allowedActions: Step[];
  channel: string;
  type: string;
  category: string;
  terminal: string;
  unit: { code: string; name: string; terminal: string } | null;
  responsiblePerson: string | null;
  customer: { id: number; name: string | null; vip: boolean; phone: string };
  product: string | null;
  description: string;
  severity: string;
  solution: string | null;
  acceptance: { acceptedAt: string; method: string; callSid: string | null; recordedBy: string | null } | null;
  dueAt: string;
  overdue: boolean;
  createdBy: string | null;
  agent: string | null;
  createdAt: string;
  version: number;
  calls?: { callSid: string; linkedAt: string }[];
  remarks?: { id: number; flag: string | null; colour: string | null; reason: string; by: string; at: string; text: string }[];
  /** With a text search (`q`): where the order holds the words, marked. */
  match?: SearchMatch | null;
}

export interface InboxPage {
  tab: string;
  sort: string;
  now: string;
  tabs: { key: string; count: number }[];
  items: WorkOrder[];
  nextCursor: string | null;
}

export interface TimelineEntry {
  kind: 'action' | 'remark' | 'call' | 'claim' | 'attachment' | 'notification' | 'sms';
  at: string;
  by: string | null;
  action?: string;
  note?: string | null;
  reason?: string;
  colour?: string | null;
  flag?: string | null;
  callSid?: string;
  fileName?: string;
  status?: string;
  amount?: number;
  type?: string;
  smsKind?: string;
  body?: string;
}

export interface Attachment {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
}

export interface Claim {
  id: number;
  responsibleParty: string;
  responsibleUnit: string | null;
  responsibleName: string | null;
  amount: number;
  evidence: string;
  status: 'requested' | 'approved' | 'rejected' | 'paid';
  version: number;
}

export interface Customer360 {
  /** `id` null: no customer record, known from the order system (`orderCustomer`). */
  customer: { id: number | null; name: string | null; vip: boolean; phones: string[] };
  orderCustomer: { name: string | null; address: string | null; orderNumber: string } | null;
  workOrders: { number: string; status: string; category: string; channel: string; createdAt: string }[];
  calls: { callSid: string; from: string; arrivedAt: string; status: string; agentJobNumber: string | null; recordingUrl: string | null }[];
  visits: { id: number; workOrderNumber: string; status: string; dueAt: string; satisfaction: number | null }[];
  /** SMS to and from the customer's numbers (not for terminal staff). */
  messages?: import('./sms').SmsMessage[];
  smsOptedOut?: string[];
}
