import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { TERMINALS, Terminal } from '../../organisation/terminals';
import { CLAIM_PARTIES, ClaimParty } from '../work-order-claim.entity';
import { REMARK_FLAGS, RemarkFlag } from '../work-order-remark.entity';
import {
  ACCEPTANCE_METHODS,
  AcceptanceMethod,
  CHANNELS,
  Channel,
  SEVERITIES,
  Severity,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
  WorkOrderType,
} from '../work-order.entity';
import { PageLimitQuery } from '../../http/cursor-page.dto';
import { BooleanQuery, Optional } from '../../http/validation';

export const CATEGORY = /^[a-z][a-z0-9_]{1,31}$/;
export const CATEGORY_MESSAGE = 'category must be 2–32 characters of a-z, 0-9 or _, starting with a letter (e.g. late_delivery, logistics_after_sales)';
/** Twilio CallSids are CA + 32 hex; the sandbox's look the same. */
export const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const CALL_SID_MESSAGE = 'callSid must be a Twilio CallSid (CA followed by 32 hex digits)';

/** Optimistic locking: the version the client last read; a stale one → 409 (or send If-Match). */
export class VersionedDto {
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class CreateWorkOrderDto {
  @IsIn(CHANNELS)
  channel: Channel;

  @IsIn(WORK_ORDER_TYPES)
  type: WorkOrderType;

  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category: string;

  @IsIn(TERMINALS)
  terminal: Terminal;

  /** The caller's number in any usual form (stored E.164); finds or creates the customer. */
  @IsString()
  @Length(3, 32)
  customerPhone: string;

  @Optional()
  @IsString()
  @Length(1, 64)
  customerName?: string;

  /** Created on a call (the softphone panel): the call is linked at once. */
  @Optional()
  @Matches(CALL_SID, { message: CALL_SID_MESSAGE })
  callSid?: string;

  /** Assign to a store / logistics centre / team at once (status assigned). */
  @Optional()
  @IsString()
  @Length(1, 32)
  unitCode?: string;

  @Optional()
  @IsString()
  @Length(1, 64)
  responsiblePerson?: string;

  @Optional()
  @IsString()
  @Length(1, 64)
  externalOrderNumber?: string;

  @Optional()
  @IsString()
  @Length(1, 128)
  product?: string;

  @IsString()
  @Length(1, 4000)
  description: string;

  /** Default normal; complaints from 消协, 工商 or the media are always major (重大投诉). */
  @Optional()
  @IsIn(SEVERITIES)
  severity?: Severity;
}

export class UpdateWorkOrderDto extends VersionedDto {
  @Optional()
  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category?: string;

  @Optional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  externalOrderNumber?: string | null;

  @Optional({ nullable: true })
  @IsString()
  @Length(1, 128)
  product?: string | null;

  @Optional()
  @IsString()
  @Length(1, 4000)
  description?: string;

  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  responsiblePerson?: string | null;
}

export class AssignWorkOrderDto extends VersionedDto {
  @IsString()
  @Length(1, 32)
  unitCode: string;

  @Optional()
  @IsString()
  @Length(1, 64)
  responsiblePerson?: string;

  /** The agent who follows the order up (跟进客服); supervisors only. */
  @Optional()
  @IsString()
  @Length(1, 16)
  agentJobNumber?: string;

  @Optional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class NoteDto extends VersionedDto {
  @Optional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class ProposeSolutionDto extends VersionedDto {
  @IsString()
  @Length(1, 4000)
  solution: string;
}

export class AcceptanceDto extends VersionedDto {
  /** true: the customer accepts the proposed solution; false: rejects it (the order reopens). */
  @IsBoolean()
  accepted: boolean;

  /** How the answer was obtained: on a call (give callSid), by SMS, or in person (on site). */
  @IsIn(ACCEPTANCE_METHODS)
  method: AcceptanceMethod;

  @ValidateIf((dto: AcceptanceDto) => dto.method === 'call' || dto.callSid !== undefined)
  @Matches(CALL_SID, { message: `${CALL_SID_MESSAGE} (required when method is call)` })
  callSid?: string;

  @Optional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export const REOPEN_REASONS = ['customer_rejected', 'callback_unsolved', 'other'] as const;

export class ReopenDto extends VersionedDto {
  /** customer_rejected, or callback_unsolved (回访 found it unsolved). */
  @IsIn(REOPEN_REASONS)
  reason: (typeof REOPEN_REASONS)[number];

  @Optional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class EscalateDto extends VersionedDto {
  @IsString()
  @Length(1, 1000)
  note: string;
}

export class LinkCallDto {
  @Matches(CALL_SID, { message: CALL_SID_MESSAGE })
  callSid: string;
}

export class RemarkDto {
  /** The reason (原因); the agent and date are added. */
  @IsString()
  @Length(1, 1000)
  reason: string;

  /** price_change 黄旗, not_shipped 紫旗, shipped 蓝旗, special_instruction 红旗, refundable 绿旗. */
  @Optional()
  @IsIn(REMARK_FLAGS)
  flag?: RemarkFlag;
}

/** The filters the work-order list (GET /work-orders) and the inbox (GET /work-orders/inbox) share. */
export class WorkOrderFilterQuery extends PageLimitQuery {
  /** One status or several, comma-separated. */
  @Optional()
  @Matches(new RegExp(`^(${WORK_ORDER_STATUSES.join('|')})(,(${WORK_ORDER_STATUSES.join('|')}))*$`), {
    message: `status must be one or more of ${WORK_ORDER_STATUSES.join(', ')}, comma-separated`,
  })
  status?: string;

  @Optional()
  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category?: string;

  @Optional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @Optional()
  @IsIn(TERMINALS)
  terminal?: Terminal;

  /** A unit's code. */
  @Optional()
  @IsString()
  @Length(1, 32)
  unit?: string;

  /**
   * Search: a work-order number (or its start), a phone number, or words (Chinese too: 价保) of the description,
   * product, shop order number and remarks — every word required, best matches first, each hit with its `match` snippet.
   */
  @Optional()
  @IsString()
  @Length(2, 100)
  q?: string;
}

export class ListWorkOrdersQuery extends WorkOrderFilterQuery {
  /** The following-up agent's job number. */
  @Optional()
  @IsString()
  @Length(1, 16)
  agent?: string;

  @Optional()
  @IsString()
  @Length(3, 32)
  phone?: string;

  @Optional()
  @Matches(CALL_SID, { message: CALL_SID_MESSAGE })
  callSid?: string;

  @Optional()
  @BooleanQuery()
  overdue?: boolean;

  @Optional()
  @IsISO8601({ strict: true }, { message: 'createdFrom must be an ISO 8601 date or date-time' })
  createdFrom?: string;

  @Optional()
  @IsISO8601({ strict: true }, { message: 'createdTo must be an ISO 8601 date or date-time' })
  createdTo?: string;

  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'cursor is not a cursor this API gave out' })
  cursor?: string;
}

export class CreateClaimDto {
  /** store, logistics, person (a named member of staff) or manufacturer. */
  @IsIn(CLAIM_PARTIES)
  responsibleParty: ClaimParty;

  /** Required for store and logistics: the unit that answers for the loss. */
  @ValidateIf((dto: CreateClaimDto) => dto.responsibleParty === 'store' || dto.responsibleParty === 'logistics' || dto.responsibleUnitCode !== undefined)
  @IsString({ message: 'responsibleUnitCode must be a unit code (required when responsibleParty is store or logistics)' })
  @Length(1, 32)
  responsibleUnitCode?: string;

  /** Required for person and manufacturer: who answers for it. */
  @ValidateIf((dto: CreateClaimDto) => dto.responsibleParty === 'person' || dto.responsibleParty === 'manufacturer' || dto.responsibleName !== undefined)
  @IsString({ message: 'responsibleName must be a name (required when responsibleParty is person or manufacturer)' })
  @Length(1, 64)
  responsibleName?: string;

  /** Yuan, at most two decimals. */
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'amount must be a number of yuan with at most two decimals' })
  @Min(0.01)
  @Max(9_999_999_999.99)
  amount: number;

  /** What proves the loss (证件, photos by attachment id, receipts). */
  @IsString()
  @Length(1, 4000)
  evidence: string;
}

export class ClaimDecisionDto extends VersionedDto {
  @Optional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class ClaimPaidDto extends VersionedDto {
  @IsString()
  @Length(1, 64)
  paymentReference: string;
}

export class SlaPolicyDto {
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  firstResponseMinutes?: number | null;

  @IsInt()
  @Min(1)
  @Max(365 * 24 * 60)
  resolutionMinutes: number;

  @Optional()
  @IsBoolean()
  businessHoursOnly?: boolean;
}

export class AttachmentDto {
  @Matches(/^[^/\\\0]{1,128}$/, { message: 'fileName must be 1–128 characters without slashes' })
  fileName: string;

  @IsIn(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'])
  contentType: string;

  @IsString()
  @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'dataBase64 must be base64' })
  dataBase64: string;
}

export class NotificationsQuery {
  @Optional()
  @BooleanQuery()
  open?: boolean;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
