import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsString, Length, ValidateNested } from 'class-validator';
import { Optional } from '../../http/validation';
import type { OrderCustomer } from '../order-customer';

export class CustomerAddressDto {
  @Optional()
  @IsString()
  @Length(1, 32)
  label?: string;

  @IsString()
  @Length(1, 255)
  address: string;
}

export class CreateCustomerDto {
  /** null clears it. */
  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  name?: string | null;

  /** Phone numbers in any usual form; stored as E.164. */
  @IsArray()
  @ArrayMinSize(1, { message: 'phones must list at least one phone number' })
  @ArrayMaxSize(10)
  @IsString({ each: true })
  phones: string[];

  /** 会员号; null clears it. */
  @Optional({ nullable: true })
  @IsString()
  @Length(1, 32)
  memberNumber?: string | null;

  @Optional()
  @IsBoolean()
  vip?: boolean;

  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CustomerAddressDto)
  addresses?: CustomerAddressDto[];
}

/**
 * Everything but the phone numbers (added one by one with AddPhoneDto), all optional. `skipNullProperties: false`:
 * PartialType's default (class-validator's IsOptional on every field) would let null through to NOT NULL columns.
 */
export class UpdateCustomerDto extends PartialType(OmitType(CreateCustomerDto, ['phones'] as const), { skipNullProperties: false }) {}

export class AddPhoneDto {
  @IsString()
  @Length(3, 32)
  phone: string;
}

export interface CustomerView {
  id: number;
  name: string | null;
  phones: string[];
  memberNumber: string | null;
  vip: boolean;
  addresses: { label?: string; address: string }[];
  createdAt: Date;
}

/** One work order in a customer's history (the screen pop). */
export interface HistoryWorkOrder {
  number: string;
  status: string;
  type: string;
  category: string;
  terminal: string;
  severity: string;
  description: string;
  createdAt: Date;
  dueAt: Date;
  closedAt: Date | null;
  overdue: boolean;
  callSids: string[];
}

export interface CustomerHistoryView {
  phone: string;
  customer: CustomerView | null;
  /**
   * No customer record, but the number has orders in the order system: a known customer (not 新客户),
   * named from their newest order. Null when there is a record, or no order either.
   */
  orderCustomer: OrderCustomer | null;
  openWorkOrders: number;
  workOrders: HistoryWorkOrder[];
  /** Calls linked to the customer's work orders, newest first. */
  calls: { callSid: string; workOrderNumber: string; linkedAt: Date }[];
  /**
   * Every call from this number, newest first (at most 50) — abandoned ones too, and whether or not
   * the number is a customer's yet: a caller who gave up minutes ago is no new caller (新客户).
   */
  previousCalls: PreviousCall[];
}

/** One earlier call from the number (the screen pop's 历史来电). */
export interface PreviousCall {
  callSid: string;
  arrivedAt: Date;
  /** answered, abandoned, callback, voicemail… (null while the call is live). */
  outcome: string | null;
  queue: string | null;
  agentJobNumber: string | null;
}
