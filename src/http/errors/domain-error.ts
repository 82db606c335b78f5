import { HttpException } from '@nestjs/common';
import { ERROR_CODES, ErrorCode } from './error-codes';

export type ErrorParams = Record<string, string | number | boolean | null | string[] | number[]>;

/**
 * An error a service throws on purpose: a stable `code` (answered with its status from ERROR_CODES),
 * the values a page needs to say it in its own language (`params`), and one English `message`.
 * `extra` carries fields clients already read beside them (e.g. `currentStatus`, `allowedActions`).
 *
 *   throw new DomainError('work_order.not_allowed', { action, status }, `Cannot ${action} a work order that is ${status}`);
 */
export class DomainError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    const status = ERROR_CODES[code];
    super({ statusCode: status, code, message, params, ...extra }, status);
  }
}
