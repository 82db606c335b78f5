import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

export class CustomerAddressDto {
  @IsOptional()
  @IsString()
  @Length(1, 32)
  label?: string;

  @IsString()
  @Length(1, 255)
  address: string;
}

export class CreateCustomerDto {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;

  /** Phone numbers in any usual form; stored as E.164. */
  @IsArray()
  @ArrayMinSize(1, { message: 'phones must list at least one phone number' })
  @ArrayMaxSize(10)
  @IsString({ each: true })
  phones: string[];

  /** 会员号. */
  @IsOptional()
  @IsString()
  @Length(1, 32)
  memberNumber?: string;

  @IsOptional()
  @IsBoolean()
  vip?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CustomerAddressDto)
  addresses?: CustomerAddressDto[];
}

/** Everything but the phone numbers (added one by one with AddPhoneDto), all optional. */
export class UpdateCustomerDto extends PartialType(OmitType(CreateCustomerDto, ['phones'] as const)) {}

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
  openWorkOrders: number;
  workOrders: HistoryWorkOrder[];
  /** Calls linked to the customer's work orders, newest first. */
  calls: { callSid: string; workOrderNumber: string; linkedAt: Date }[];
}
