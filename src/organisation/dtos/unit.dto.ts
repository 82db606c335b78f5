import { IsIn, IsInt, IsString, Length, Matches, Min } from 'class-validator';
import { Optional } from '../../http/validation';
import { PHONE_TEXT } from '../../telephony/calls/dtos/calls.dto';
import { TERMINALS, type Terminal, UNIT_CODE } from '../terminals';

const PHONE_MESSAGE = 'phone must be a phone number (3–32 digits, spaces, dashes, brackets or a leading +)';
const TERMINAL_MESSAGE = `terminal must be one of: ${TERMINALS.join(', ')}`;

export class ListUnitsQuery {
  @Optional()
  @IsIn(TERMINALS, { message: TERMINAL_MESSAGE })
  terminal?: Terminal;

  /** Words in the code, name, city, phone or responsible person. */
  @Optional()
  @IsString()
  @Length(1, 64)
  q?: string;
}

/** The directory fields a supervisor keeps current; `null` clears one. */
export class DirectoryFieldsDto {
  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  city?: string | null;

  /** The business number to call (a store's, a centre's, a manufacturer's service line). */
  @Optional({ nullable: true })
  @Matches(PHONE_TEXT, { message: PHONE_MESSAGE })
  phone?: string | null;

  /** Opening hours as people say them, e.g. 每天 09:00–21:00. */
  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  hours?: string | null;

  /** The responsible person (负责人). */
  @Optional({ nullable: true })
  @IsString()
  @Length(1, 64)
  contactPerson?: string | null;

  @Optional({ nullable: true })
  @IsString()
  @Length(1, 255)
  notes?: string | null;
}

/** A new directory entry: a store, centre, team or a manufacturer's service line (厂家). */
export class CreateUnitDto extends DirectoryFieldsDto {
  @Matches(UNIT_CODE, { message: 'code must be 1–32 letters, digits, _ or -, starting with a letter or digit (e.g. S004, M001)' })
  code: string;

  @IsString()
  @Length(1, 128)
  name: string;

  @IsIn(TERMINALS, { message: TERMINAL_MESSAGE })
  terminal: Terminal;

  /** Deliveries a logistics centre can run in a day. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(0)
  dailyCapacity?: number | null;
}

export class UpdateUnitDto extends DirectoryFieldsDto {
  @Optional()
  @IsString()
  @Length(1, 128)
  name?: string;
}
