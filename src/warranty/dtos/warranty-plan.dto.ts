import { ApiProperty, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../http/validation';
import { FAULT_KINDS, type FaultKind } from '../warranty-kinds';

/** A product code, or a prefix of codes ending in `*` (`KT*`). */
const PRODUCT = /^[A-Za-z0-9_-]{1,31}\*?$/;
const MONEY_MAX = 100_000_000; // 1 000 000 yuan

/** A plan as a supervisor writes it (POST); PATCH takes any of its fields. */
export class WarrantyPlanInput {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'code must be 2–32 capital letters, digits or - (e.g. YG-KT-3Y)' })
  code: string;

  @IsString()
  @Length(1, 64)
  name: string;

  /** Product codes it is sold on; `KT*` is every code that starts KT. */
  @Matches(PRODUCT, { each: true, message: 'products must each be a product code or a prefix ending in * (e.g. KT*)' })
  @ArrayMaxSize(50)
  @ArrayMinSize(1, { message: 'products must name at least one product code or prefix' })
  products: string[];

  /** Lowest product price (fen) it is sold on. */
  @Max(MONEY_MAX)
  @Min(0)
  @IsInt()
  minPriceFen: number;

  /** Highest product price (fen); null: no upper bound. */
  @Optional({ nullable: true })
  @Max(MONEY_MAX)
  @Min(1)
  @IsInt()
  maxPriceFen?: number | null;

  /** Days after the purchase one may still join. */
  @Max(3650)
  @Min(0)
  @IsInt()
  joinWindowDays: number;

  /** What the plan costs (fen). */
  @Max(MONEY_MAX)
  @Min(0)
  @IsInt()
  priceFen: number;

  /** Faults it repairs. */
  @ApiProperty({ enum: FAULT_KINDS, isArray: true })
  @IsIn(FAULT_KINDS, { each: true, message: `coveredFaults must each be one of ${FAULT_KINDS.join(', ')}` })
  @ArrayMinSize(1, { message: 'coveredFaults must name at least one fault kind' })
  coveredFaults: FaultKind[];

  /** Months after the purchase before cover starts (the maker's warranty first). */
  @Max(120)
  @Min(0)
  @IsInt()
  startsAfterMonths: number;

  @Max(120)
  @Min(1)
  @IsInt()
  termMonths: number;

  /** Days after the sale within which a cancellation refunds everything. */
  @Max(365)
  @Min(0)
  @IsInt()
  fullRefundDays: number;

  /** Deducted from a pro-rata refund (fen). */
  @Max(MONEY_MAX)
  @Min(0)
  @IsInt()
  cancellationFeeFen: number;

  /** Still sold (default true). */
  @Optional()
  @IsBoolean()
  active?: boolean;
}

/** All optional; `skipNullProperties: false`: null is refused where the column is NOT NULL. */
export class UpdateWarrantyPlanDto extends PartialType(WarrantyPlanInput, { skipNullProperties: false }) {}

export class WarrantyPlanDto {
  id: number;
  code: string;
  name: string;
  products: string[];
  minPriceFen: number;
  maxPriceFen: number | null;
  joinWindowDays: number;
  priceFen: number;
  @ApiProperty({ enum: FAULT_KINDS, isArray: true })
  coveredFaults: FaultKind[];
  startsAfterMonths: number;
  termMonths: number;
  fullRefundDays: number;
  cancellationFeeFen: number;
  active: boolean;
  updatedAt: Date;
}

export class WarrantyPlanList {
  items: WarrantyPlanDto[];
}
