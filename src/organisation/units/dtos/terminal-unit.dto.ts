import { PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../../http/validation';
import { Terminal, TERMINALS } from '../../terminals';

/** Unit codes as the chain writes them (S001 a store, L001 a logistics centre, D001 a dispatch team): work orders, staff and volume files name units by it. */
const UNIT_CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;

export class CreateTerminalUnitDto {
  @Matches(UNIT_CODE, { message: 'code must be 2–32 characters of A-Z, 0-9, _ or -, starting with a capital letter (e.g. S004)' })
  code: string;

  /** The unit's name as staff know it (门店、物流中心、配送队). */
  @IsString()
  @Length(1, 128)
  name: string;

  @IsIn(TERMINALS)
  terminal: Terminal;

  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  city?: string | null;

  /** Deliveries a logistics centre or dispatch team can run in a day (capacity early warning); null: not tracked. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(100_000)
  dailyCapacity?: number | null;
}

/** All optional; the code stays (work orders and staff name the unit by it). `skipNullProperties: false`: null is refused where the column is NOT NULL. */
export class UpdateTerminalUnitDto extends PartialType(CreateTerminalUnitDto, { skipNullProperties: false }) {}
