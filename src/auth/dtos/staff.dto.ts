import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { ROLES, Role } from '../role';
import { Optional } from '../../http/validation';

export class CreateStaffDto {
  /** 工号: digits only, as on the badge. */
  @Matches(/^\d{3,16}$/, { message: 'jobNumber must be 3 to 16 digits' })
  jobNumber: string;

  @IsString()
  @Length(1, 64)
  name: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `each value in roles must be one of: ${ROLES.join(', ')}` })
  roles: Role[];

  @IsString()
  @Length(8, 256, { message: 'password must be 8 to 256 characters' })
  password: string;

  /** The unit (store, logistics centre, team) of terminal staff, by code. */
  @Optional()
  @IsString()
  @Length(1, 32)
  unitCode?: string;
}

export class StaffDto {
  jobNumber: string;
  name: string;
  roles: Role[];
  unitCode: string | null;
  active: boolean;
}

/** The password policy (NIST SP 800-63B's shape): a length, enough different characters, not the job number or name, not a common password. */
export class PasswordPolicyDto {
  minLength: number;
  maxLength: number;
  minDistinctCharacters: number;
}
