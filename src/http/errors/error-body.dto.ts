import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes';

export class FieldErrorDto {
  /** The field's path, e.g. `limit`, `addresses.0.line`. */
  @ApiProperty()
  field: string;

  @ApiProperty({ enum: ['validation.field_invalid', 'validation.unknown_field'] })
  code: string;

  /** The rule that failed: class-validator's constraint name (isInt, matches, whitelistValidation…) or `custom`. */
  @ApiProperty()
  rule: string;

  @ApiProperty()
  message: string;
}

/** Every error answer (4xx, 5xx): one shape, a stable code. */
export class ErrorBody {
  /** The HTTP status again. */
  @ApiProperty()
  statusCode: number;

  /** A stable machine code; pages translate it with `params`. */
  @ApiProperty({ enum: Object.keys(ERROR_CODES), example: 'work_order.not_allowed' })
  code: string;

  /** One English sentence for people reading logs or curl. */
  @ApiProperty()
  message: string;

  /** The code's values (e.g. `{ action, status }`, `{ fields }`). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  params: Record<string, unknown>;

  /** The request's id, as in the logs and the X-Request-Id header. */
  @ApiPropertyOptional()
  requestId?: string;

  /** A 400's findings, one per field and rule. */
  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  /** 409 on a work order: its status now and the actions it allows. */
  @ApiPropertyOptional()
  currentStatus?: string;

  @ApiPropertyOptional({ type: [String] })
  allowedActions?: string[];

  /** 409 on a stale version: the version now. */
  @ApiPropertyOptional()
  currentVersion?: number;

  /** 429 / 503: seconds to wait (also the Retry-After header). */
  @ApiPropertyOptional()
  retryAfterSeconds?: number;
}
