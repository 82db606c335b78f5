import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Min } from 'class-validator';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { Optional } from '../../../http/validation';
import { PERSONAL_DATA_ACTIONS, PersonalDataAction } from '../personal-data-request.entity';

/** Why the data is exported or erased (the customer's request, a regulator's…); kept in the audit. */
export class PersonalDataRequestDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class PersonalDataSubjectQuery {
  /** One of the customer's phone numbers, in any usual format. */
  @IsString()
  @Length(3, 32)
  phone: string;
}

/** Whom a request is about: the customer of a phone number, and what an erasure would wait for. */
export class PersonalDataSubject {
  customerId: number;
  name: string | null;
  memberNumber: string | null;
  vip: boolean;
  /** E.164. */
  phones: string[];
  workOrders: number;
  /** An erasure waits until these are closed. */
  openWorkOrders: number;
  /** Callback visits (回访) still to make: an erasure waits for them too. */
  callbacksDue: number;
}

export class PersonalDataRequestsQuery extends CursorPageQuery {
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  customerId?: number;

  @Optional()
  @IsIn(PERSONAL_DATA_ACTIONS)
  action?: PersonalDataAction;
}

export class PersonalDataRequestView {
  id: number;
  customerId: number;
  action: PersonalDataAction;
  /** Who asked; `system` for the retention sweep. */
  by: string;
  at: Date;
  reason: string | null;
  /** Counts of what was exported or erased. */
  summary: Record<string, number> | null;
}

export class PersonalDataRequestPage {
  items: PersonalDataRequestView[];
  nextCursor: string | null;
}

export class ExportedRemark {
  reason: string;
  by: string;
  at: Date;
}

export class ExportedAttachment {
  originalName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: Date;
}

export class ExportedWorkOrder {
  number: string;
  type: string;
  category: string;
  terminal: string;
  status: string;
  channel: string;
  customerPhone: string;
  description: string;
  product: string | null;
  externalOrderNumber: string | null;
  solution: string | null;
  createdAt: Date;
  closedAt: Date | null;
  remarks: ExportedRemark[];
  attachments: ExportedAttachment[];
}

export class ExportedCall {
  callSid: string;
  direction: string;
  fromNumber: string;
  toNumber: string;
  arrivedAt: Date;
  endedAt: Date | null;
  agentJobNumber: string | null;
  recordingUrl: string | null;
}

export class ExportedAddress {
  label?: string;
  address: string;
}

/** Everything the hotline holds about one customer (PIPL art. 45: a copy on request). */
export class PersonalDataExport {
  exportedAt: Date;
  customer: { id: number; name: string | null; memberNumber: string | null; vip: boolean; createdAt: Date; phones: string[]; addresses: ExportedAddress[] };
  workOrders: ExportedWorkOrder[];
  calls: ExportedCall[];
}

/** What an erasure touched. */
export class ErasureResult {
  customerId: number;
  erasedAt: Date;
  summary: Record<string, number>;
}
