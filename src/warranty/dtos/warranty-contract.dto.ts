import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DAY_PATTERN } from '../../clock/site-day';
import { Optional } from '../../http/validation';
import { CALL_SID } from '../../work-orders/dtos/work-order.dto';
import { CONTRACT_STATUSES, FAULT_KINDS, INELIGIBLE_REASONS, type ContractStatus, type FaultKind, type IneligibleReason } from '../warranty-kinds';

const ORDER_NUMBER = { pattern: /^[A-Za-z0-9-]{1,32}$/, message: 'orderNumber must be 1–32 letters, digits or -' };

/**
 * Sell a plan on an order line. When the hotline's read model has the order, the line's facts come
 * from it (any given here must agree); when it does not, productCode, productName, productPriceFen,
 * purchasedOn and customerPhone are required.
 */
export class SellContractDto {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'planCode must be a plan code (e.g. YG-KT-3Y)' })
  planCode: string;

  @Matches(ORDER_NUMBER.pattern, { message: ORDER_NUMBER.message })
  orderNumber: string;

  /** The order line (行号), from 1. */
  @Max(999)
  @Min(1)
  @IsInt()
  lineNo: number;

  @Optional()
  @IsString()
  @Length(3, 32)
  customerPhone?: string;

  @Optional()
  @IsString()
  @Length(1, 64)
  customerName?: string;

  @Optional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'productCode must be 1–32 letters, digits, _ or -' })
  productCode?: string;

  @Optional()
  @IsString()
  @Length(1, 128)
  productName?: string;

  /** The product's unit price (fen). */
  @Optional()
  @Max(100_000_000)
  @Min(0)
  @IsInt()
  productPriceFen?: number;

  /** Site day of the purchase (YYYY-MM-DD). */
  @Optional()
  @Matches(DAY_PATTERN, { message: 'purchasedOn must be a day YYYY-MM-DD' })
  purchasedOn?: string;
}

/** Contracts of a phone or of an order: one of the two. */
export class LookupContractsQuery {
  @ValidateIf((q: LookupContractsQuery) => q.orderNumber === undefined)
  @IsString({ message: 'phone or orderNumber is required' })
  @Length(3, 32)
  phone?: string;

  @Optional()
  @Matches(ORDER_NUMBER.pattern, { message: ORDER_NUMBER.message })
  orderNumber?: string;
}

export class OffersQuery {
  @Matches(ORDER_NUMBER.pattern, { message: ORDER_NUMBER.message })
  orderNumber: string;
}

export class ClaimRepairDto {
  @IsIn(FAULT_KINDS, { message: `faultKind must be one of ${FAULT_KINDS.join(', ')}` })
  faultKind: FaultKind;

  /** What the customer reports. */
  @IsString()
  @Length(1, 2000)
  description: string;

  /** Claimed on a call: the work order is linked to it. */
  @Optional()
  @Matches(CALL_SID, { message: 'callSid must be a Twilio CallSid (CA followed by 32 hex digits)' })
  callSid?: string;
}

export class CancelContractDto {
  /** Why the customer cancels (退保原因). */
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class ContractTermsDto {
  @ApiProperty({ enum: FAULT_KINDS, isArray: true })
  coveredFaults: FaultKind[];
  startsAfterMonths: number;
  termMonths: number;
  fullRefundDays: number;
  cancellationFeeFen: number;
}

export class WarrantyClaimDto {
  id: number;
  @ApiProperty({ enum: FAULT_KINDS })
  faultKind: FaultKind;
  workOrderNumber: string;
  createdAt: Date;
}

export class WarrantyContractDto {
  number: string;
  planCode: string;
  planName: string;
  orderNumber: string;
  lineNo: number;
  /** Whether the order system's line is in the hotline's read model (else the contract's own copy stands alone). */
  orderLineKnown: boolean;
  productCode: string;
  productName: string;
  productPriceFen: number;
  purchasedOn: string;
  customerPhone: string;
  customerName: string | null;
  paidFen: number;
  terms: ContractTermsDto;
  soldOn: string;
  startsOn: string;
  endsOn: string;
  @ApiProperty({ enum: CONTRACT_STATUSES })
  status: ContractStatus;
  soldAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  refundFen: number | null;
  claims: WarrantyClaimDto[];
}

export class WarrantyContractList {
  items: WarrantyContractDto[];
}

export class RefundQuoteDto {
  /** The day the quote is for (today, on the site). */
  day: string;
  refundFen: number;
  /** full: within the full-refund days; pro_rata: unused share less the fee; none: cover is over. */
  @ApiProperty({ enum: ['full', 'pro_rata', 'none'] })
  basis: 'full' | 'pro_rata' | 'none';
  unusedDays: number;
  totalDays: number;
  feeDeductedFen: number;
}

export class PlanOfferDto {
  planCode: string;
  planName: string;
  priceFen: number;
  eligible: boolean;
  @ApiProperty({ enum: INELIGIBLE_REASONS, nullable: true })
  reason: IneligibleReason | null;
  /** Why not, in English (the page words `reason` itself). */
  message: string | null;
}

/** One line of an order with the plans it may join and the contract it already has. */
export class OrderLineOfferDto {
  lineNo: number;
  productCode: string;
  productName: string;
  unitPriceFen: number;
  purchasedOn: string;
  contractNumber: string | null;
  plans: PlanOfferDto[];
}

export class OrderOffersDto {
  orderNumber: string;
  customerPhone: string;
  customerName: string | null;
  lines: OrderLineOfferDto[];
}
