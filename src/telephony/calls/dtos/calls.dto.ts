import { IsIn, IsISO8601, IsString, Length, registerDecorator, ValidationArguments } from 'class-validator';
import { CALL_DISPOSITIONS, CallDisposition } from '../../call-dispositions';
import { CALL_OUTCOMES, CallOutcome } from '../../call-record.entity';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { Optional } from '../../../http/validation';
import { UNIT_CODE } from '../../../organisation/terminals';

/** A page of call records, newest first: up to `limit` (1–100, default 50) after `cursor`. */
export class ListCallsQuery extends CursorPageQuery {
  /** Arrived at or after (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Arrived at or before (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  @Optional()
  @IsString()
  @Length(1, 32)
  queue?: string;

  /** Agent job number. */
  @Optional()
  @IsString()
  @Length(1, 16)
  agent?: string;

  @Optional()
  @IsIn(CALL_OUTCOMES)
  outcome?: CallOutcome;
}

const TRANSFER_TARGET_MESSAGE = 'give exactly one of queue (a queue code) or agent (a job number, 工号)';

/**
 * One of several fields of which exactly one must be given: "none" is reported on the first field,
 * "more than one" on the last of those given, once each.
 */
function ExactlyOneOfField(fields: readonly string[], field: string, pattern: RegExp, what: string, message: string): PropertyDecorator {
  const given = (object: object) => fields.filter((f) => (object as Record<string, unknown>)[f] !== undefined);
  return (target, propertyName) =>
    registerDecorator({
      name: 'exactlyOneOf',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const present = given(args.object);
          if (value === undefined) return field !== fields[0] || present.length > 0;
          if (present.length > 1) return field !== present[present.length - 1];
          return typeof value === 'string' && pattern.test(value);
        },
        defaultMessage(args: ValidationArguments) {
          return args.value === undefined || given(args.object).length > 1 ? message : `${field} must be ${what}`;
        },
      },
    });
}

/** One of the two fields of a transfer's target (转接: to a queue or to a named agent): exactly one of `queue` and `agent`. */
export function TransferTargetField(field: 'queue' | 'agent', pattern: RegExp, what: string): PropertyDecorator {
  return ExactlyOneOfField(['queue', 'agent'], field, pattern, what, TRANSFER_TARGET_MESSAGE);
}

const DIAL_TARGET_MESSAGE =
  'give exactly one of to (a phone number), workOrderNumber (a work order whose customer is called) or unitCode (a directory entry whose number is called)';

/** One of the fields of a dial's target: exactly one of `to`, `workOrderNumber` and `unitCode`. */
export function DialTargetField(field: 'to' | 'workOrderNumber' | 'unitCode', pattern: RegExp, what: string): PropertyDecorator {
  return ExactlyOneOfField(['to', 'workOrderNumber', 'unitCode'], field, pattern, what, DIAL_TARGET_MESSAGE);
}

const CONSULT_TARGET_MESSAGE = "give exactly one of agent (a colleague's job number, 工号) or to (an outside number)";

/** One of the two fields of a consult's target: exactly one of `agent` and `to`. */
export function ConsultTargetField(field: 'agent' | 'to', pattern: RegExp, what: string): PropertyDecorator {
  return ExactlyOneOfField(['agent', 'to'], field, pattern, what, CONSULT_TARGET_MESSAGE);
}

/** As queue codes are made (routing DTOs). */
export const QUEUE_CODE = /^[a-z][a-z0-9_-]{1,31}$/;
export const JOB_NUMBER = /^\d{3,16}$/;

/** Where a connected call is transferred: a queue (anyone there) or a named agent; exactly one. */
export class TransferCallDto {
  /** The queue the caller is transferred to. */
  @TransferTargetField('queue', QUEUE_CODE, 'a queue code (2–32 characters of a-z, 0-9, _ or -, starting with a letter)')
  queue?: string;

  /** The agent (job number, 工号) the caller is transferred to: rung at once if ready, else the caller waits for them. */
  @TransferTargetField('agent', JOB_NUMBER, 'a job number of 3 to 16 digits')
  agent?: string;
}

/** A validated transfer target. */
export type TransferTarget = { queue: string } | { agent: string };

export function transferTarget(dto: { queue?: string; agent?: string }): TransferTarget {
  return dto.agent !== undefined ? { agent: dto.agent } : { queue: dto.queue! };
}

/** The wrap-up disposition (小结) of a call: a code from the list and an optional note. */
export class CallDispositionDto {
  @IsIn(CALL_DISPOSITIONS, { message: `code must be one of: ${CALL_DISPOSITIONS.join(', ')}` })
  code: CallDisposition;

  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export const PHONE_TEXT = /^\+?[0-9 ()-]{3,32}$/;
/** As work orders are numbered (WO + site day + sequence: WO20261123-000001). */
const WORK_ORDER_NUMBER = /^WO\d{8}-\d{6}$/;

/** A call an agent places (外呼, click-to-call): a number, a work order whose customer is called, or a directory entry; exactly one. */
export class DialCallDto {
  /** The number to call, as the customer gave it (national numbers are read in SITE_COUNTRY). */
  @DialTargetField('to', PHONE_TEXT, 'a phone number (3–32 digits, spaces, dashes, brackets or a leading +)')
  to?: string;

  /** A work order the agent can see: its customer's number is called and the call is linked to it. */
  @DialTargetField('workOrderNumber', WORK_ORDER_NUMBER, 'a work order number')
  workOrderNumber?: string;

  /** A directory entry (store, logistics centre, team, manufacturer's service line): its current number is called. */
  @DialTargetField('unitCode', UNIT_CODE, 'a unit code (e.g. S001, M001)')
  unitCode?: string;
}

/** A validated dial target. */
export function dialTarget(dto: {
  to?: string;
  workOrderNumber?: string;
  unitCode?: string;
}): { to: string } | { workOrderNumber: string } | { unitCode: string } {
  if (dto.workOrderNumber !== undefined) return { workOrderNumber: dto.workOrderNumber };
  if (dto.unitCode !== undefined) return { unitCode: dto.unitCode };
  return { to: dto.to! };
}
