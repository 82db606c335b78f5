import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database/database-unavailable';
import { ErrorBody } from './errors/error-body.dto';
import { codeForStatus, ErrorCode } from './errors/error-codes';

/**
 * The one place errors become HTTP answers, all in one shape (`ErrorBody`): `{ statusCode, code,
 * message, params, requestId }` — a stable code a page translates with its params, one message
 * string, per-field `errors` for a 400 that names several. Known errors keep their status; anything
 * unexpected is logged with the request id and answered 500 without details — no stack trace ever
 * reaches a client. A database that cannot be reached or is stalled (refused, reset, timed out, pool
 * exhausted, SQLite busy) is no bug of the request: 503 with Retry-After, so clients and load
 * balancers back off and retry.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('http');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const requestId = request.id === undefined ? undefined : String(request.id);
    if (response.headersSent) return;

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = httpExceptionBody(status, exception.getResponse(), requestId);
      if (status >= 500) this.logger.error({ err: exception, requestId }, 'request failed');
      const retryAfter = (body as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
      response.status(status).json(body);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception, requestId, method: request.method, url: request.originalUrl }, 'database unavailable');
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(
        errorBody(503, 'database.unavailable', 'The database is unavailable; try again in a few seconds.', requestId, {
          retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
        }),
      );
      return;
    }
    this.logger.error({ err: exception, requestId, method: request.method, url: request.originalUrl }, 'unexpected error');
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json(errorBody(500, 'server.internal', 'Internal server error', requestId));
  }
}

/** An error answer's body; for middleware that answers before Nest's filter can (body parsing). */
export function errorBody(
  statusCode: number,
  code: ErrorCode,
  message: string,
  requestId: string | undefined,
  params: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): ErrorBody {
  return { ...extra, statusCode, code, message, params, requestId };
}

/**
 * A thrown HttpException's answer. A DomainError brings its code; Nest's own exceptions (guards,
 * pipes, unknown routes) get the code of their status. A message given as a list (a pipe's several
 * findings) becomes one string, each finding kept in `errors` with the field it names.
 */
function httpExceptionBody(status: number, raw: string | object, requestId: string | undefined): ErrorBody {
  if (typeof raw === 'string') return errorBody(status, codeForStatus(status), raw, requestId);
  const { statusCode, error, code, message, params, ...extra } = raw as {
    statusCode?: number;
    error?: string;
    code?: ErrorCode;
    message?: unknown;
    params?: Record<string, unknown>;
    [key: string]: unknown;
  };
  void statusCode; // the status is the exception's own; Nest's `error` ("Bad Request") is the code's job now
  if (Array.isArray(message)) {
    const messages = message.map(String);
    const errors =
      (extra.errors as unknown[] | undefined) ?? messages.map((m) => ({ field: fieldNamed(m), code: 'validation.field_invalid', rule: 'custom', message: m }));
    const fields = [...new Set((errors as { field: string }[]).map((e) => e.field))];
    return errorBody(
      status,
      code ?? (status === 400 ? 'validation.field_invalid' : codeForStatus(status)),
      messages.join('; '),
      requestId,
      params ?? { fields },
      { ...extra, errors },
    );
  }
  const text = typeof message === 'string' ? message : (error ?? 'Error');
  return errorBody(status, code ?? codeForStatus(status), text, requestId, params ?? {}, extra);
}

/** The field a hand-written finding names first ("to must not be before from", "cursor is not …", "to: the range …"). */
function fieldNamed(message: string): string {
  const match = /^(?:property )?([A-Za-z_][\w.]*)\b/.exec(message);
  return match ? match[1] : '';
}
