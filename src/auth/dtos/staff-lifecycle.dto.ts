import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { CursorPageQuery } from '../../http/cursor-page.dto';
import { Optional } from '../../http/validation';
import { ROLES, Role } from '../role';
import { STAFF_AUDIT_ACTIONS, StaffAuditAction } from '../staff-audit.entity';

/** Why an account is deactivated or reactivated (kept in the audit). */
export class StaffStatusChangeDto {
  @Optional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** An admin sets a new password for someone (forgotten, or handed over); their tokens end. */
export class ResetPasswordDto {
  /** Checked against the password policy (PASSWORD_MIN_LENGTH, not the job number or name, not a common password). */
  @IsString()
  @MaxLength(256)
  newPassword: string;

  @Optional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** A member of staff changes their own password. */
export class ChangeOwnPasswordDto {
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  /** Checked against the password policy; must differ from the current one. */
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

/** New roles (and, for terminal staff, their unit); the member's tokens end. */
export class ChangeRolesDto {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `each value in roles must be one of: ${ROLES.join(', ')}` })
  roles: Role[];

  /** Required with `terminal`; omitted → the current unit is kept. */
  @Optional()
  @IsString()
  @Length(1, 32)
  unitCode?: string;

  @Optional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class StaffAuditQuery extends CursorPageQuery {
  /** Only this member's account. */
  @Optional()
  @IsString()
  @Length(1, 16)
  jobNumber?: string;

  @Optional()
  @IsIn(STAFF_AUDIT_ACTIONS)
  action?: StaffAuditAction;
}

export class StaffAuditEntryDto {
  id: number;
  action: StaffAuditAction;
  /** Whose account. */
  jobNumber: string;
  /** Who did it. */
  by: string;
  at: Date;
  /** The fields before and after (roles, unit, active); never a password. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

export class StaffAuditPageDto {
  items: StaffAuditEntryDto[];
  nextCursor: string | null;
}
