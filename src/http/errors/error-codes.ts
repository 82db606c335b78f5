import { HttpStatus } from '@nestjs/common';

/**
 * The stable machine codes of error answers and the HTTP status each is answered with. Pages translate
 * by code (with the answer's `params`); the `message` is the server's English for logs and curl. A code
 * once published keeps its meaning: add codes, never rename one.
 */
export const ERROR_CODES = {
  // input
  'validation.field_invalid': HttpStatus.BAD_REQUEST,
  'validation.unknown_field': HttpStatus.BAD_REQUEST,
  'request.invalid': HttpStatus.BAD_REQUEST,
  'request.body_invalid_json': HttpStatus.BAD_REQUEST,
  'request.body_too_deep': HttpStatus.BAD_REQUEST,
  'request.body_unreadable': HttpStatus.BAD_REQUEST,
  'request.body_too_large': HttpStatus.PAYLOAD_TOO_LARGE,
  'request.unsupported_media_type': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'request.conflict': HttpStatus.CONFLICT,
  'request.unprocessable': HttpStatus.UNPROCESSABLE_ENTITY,
  'request.throttled': HttpStatus.TOO_MANY_REQUESTS,
  'resource.not_found': HttpStatus.NOT_FOUND,
  // auth
  'auth.unauthenticated': HttpStatus.UNAUTHORIZED,
  'auth.forbidden': HttpStatus.FORBIDDEN,
  'auth.throttled': HttpStatus.TOO_MANY_REQUESTS,
  // work orders
  'work_order.not_found': HttpStatus.NOT_FOUND,
  'work_order.not_allowed': HttpStatus.CONFLICT,
  'work_order.not_accepted': HttpStatus.CONFLICT,
  'work_order.closed': HttpStatus.CONFLICT,
  'work_order.stale': HttpStatus.CONFLICT,
  'work_order.nothing_to_update': HttpStatus.BAD_REQUEST,
  'work_order.agent_change_forbidden': HttpStatus.FORBIDDEN,
  'work_order.walk_in_other_unit': HttpStatus.FORBIDDEN,
  'unit.unknown': HttpStatus.BAD_REQUEST,
  'staff.not_agent': HttpStatus.BAD_REQUEST,
  'staff.unknown': HttpStatus.BAD_REQUEST,
  // staff accounts (src/auth): the admin's page and the own password change word these
  'staff.not_found': HttpStatus.NOT_FOUND,
  'staff.job_number_taken': HttpStatus.CONFLICT,
  'staff.already_deactivated': HttpStatus.CONFLICT,
  'staff.already_active': HttpStatus.CONFLICT,
  'staff.cannot_deactivate_self': HttpStatus.CONFLICT,
  'staff.last_admin': HttpStatus.CONFLICT,
  'staff.unit_required': HttpStatus.BAD_REQUEST,
  'staff.current_password_incorrect': HttpStatus.FORBIDDEN,
  'password.unchanged': HttpStatus.BAD_REQUEST,
  'password.length': HttpStatus.BAD_REQUEST,
  'password.too_few_characters': HttpStatus.BAD_REQUEST,
  'password.contains_job_number': HttpStatus.BAD_REQUEST,
  'password.contains_name': HttpStatus.BAD_REQUEST,
  'password.too_common': HttpStatus.BAD_REQUEST,
  'claim.not_found': HttpStatus.NOT_FOUND,
  'claim.not_allowed': HttpStatus.CONFLICT,
  'attachment.not_found': HttpStatus.NOT_FOUND,
  'customer.not_found': HttpStatus.NOT_FOUND,
  'customer.phone_invalid': HttpStatus.BAD_REQUEST,
  'scorecard.form_not_found': HttpStatus.NOT_FOUND,
  'scorecard.form_retired': HttpStatus.CONFLICT,
  'scorecard.already_scored': HttpStatus.CONFLICT,
  'scorecard.evaluation_not_found': HttpStatus.NOT_FOUND,
  'scorecard.subject_not_found': HttpStatus.NOT_FOUND,
  'scorecard.no_agent': HttpStatus.CONFLICT,
  'scorecard.form_invalid': HttpStatus.BAD_REQUEST,
  'scorecard.scores_invalid': HttpStatus.BAD_REQUEST,
  'scorecard.subject_type_not_scored': HttpStatus.BAD_REQUEST,
  'volumes.rows_invalid': HttpStatus.BAD_REQUEST,
  // orders, deliveries and stock (src/orders)
  'orders_import.rows_invalid': HttpStatus.BAD_REQUEST,
  'orders_push.signature_invalid': HttpStatus.UNAUTHORIZED,
  'orders_push.not_configured': HttpStatus.FORBIDDEN,
  'order.not_found': HttpStatus.NOT_FOUND,
  'booking.not_found': HttpStatus.NOT_FOUND,
  'booking.stale': HttpStatus.CONFLICT,
  'booking.not_changeable': HttpStatus.CONFLICT,
  'booking.window_unknown': HttpStatus.BAD_REQUEST,
  'booking.window_full': HttpStatus.CONFLICT,
  'booking.override_forbidden': HttpStatus.FORBIDDEN,
  'paging.cursor_invalid': HttpStatus.BAD_REQUEST,
  'call.agent_not_idle': HttpStatus.CONFLICT,
  // routing and organisation settings (the admin's and supervisor's settings pages word these)
  'skill.exists': HttpStatus.CONFLICT,
  'skill.not_found': HttpStatus.NOT_FOUND,
  'skill.unknown': HttpStatus.BAD_REQUEST,
  'queue.exists': HttpStatus.CONFLICT,
  'queue.not_found': HttpStatus.NOT_FOUND,
  'queue.unknown': HttpStatus.BAD_REQUEST,
  'queue.code_unchangeable': HttpStatus.BAD_REQUEST,
  'queue.menu_key_taken': HttpStatus.CONFLICT,
  'queue.overflow_incomplete': HttpStatus.BAD_REQUEST,
  'queue.overflow_loop': HttpStatus.CONFLICT,
  'unit.exists': HttpStatus.CONFLICT,
  'unit.not_found': HttpStatus.NOT_FOUND,
  'unit.code_unchangeable': HttpStatus.BAD_REQUEST,
  'personal_data.open_work_orders': HttpStatus.CONFLICT,
  'personal_data.callback_due': HttpStatus.CONFLICT,
  // the outbox (src/outbox): a supervisor's replay of dead letters
  'outbox.message_not_found': HttpStatus.NOT_FOUND,
  'outbox.not_dead': HttpStatus.CONFLICT,
  // 阳光包 extended warranty (src/warranty)
  'warranty.plan_not_found': HttpStatus.NOT_FOUND,
  'warranty.plan_code_taken': HttpStatus.CONFLICT,
  'warranty.plan_invalid': HttpStatus.BAD_REQUEST,
  'warranty.contract_not_found': HttpStatus.NOT_FOUND,
  'warranty.not_eligible': HttpStatus.UNPROCESSABLE_ENTITY,
  'warranty.order_line_mismatch': HttpStatus.UNPROCESSABLE_ENTITY,
  'warranty.already_covered': HttpStatus.CONFLICT,
  'warranty.claim_refused': HttpStatus.UNPROCESSABLE_ENTITY,
  'warranty.not_cancellable': HttpStatus.CONFLICT,
  // the platform
  'upstream.failed': HttpStatus.BAD_GATEWAY,
  'service.unavailable': HttpStatus.SERVICE_UNAVAILABLE,
  'database.unavailable': HttpStatus.SERVICE_UNAVAILABLE,
  'server.internal': HttpStatus.INTERNAL_SERVER_ERROR,
} as const satisfies Record<string, HttpStatus>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The code of an HTTP exception thrown without one (Nest's own, a guard's, a pipe's): by its status. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'request.invalid';
    case 401:
      return 'auth.unauthenticated';
    case 403:
      return 'auth.forbidden';
    case 404:
      return 'resource.not_found';
    case 409:
      return 'request.conflict';
    case 413:
      return 'request.body_too_large';
    case 415:
      return 'request.unsupported_media_type';
    case 422:
      return 'request.unprocessable';
    case 429:
      return 'request.throttled';
    case 502:
      return 'upstream.failed';
    case 503:
      return 'service.unavailable';
    default:
      return status >= 500 ? 'server.internal' : 'request.invalid';
  }
}
