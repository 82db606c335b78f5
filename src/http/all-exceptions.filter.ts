import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database/database-unavailable';

/**
 * The one place errors become HTTP answers. Known errors keep their status and message; anything
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
      const body = exception.getResponse();
      const payload = typeof body === 'string' ? { statusCode: status, message: body } : { statusCode: status, ...(body as object) };
      if (status >= 500) this.logger.error({ err: exception, requestId }, 'request failed');
      const retryAfter = (payload as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
      response.status(status).json({ ...payload, requestId });
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception, requestId, method: request.method, url: request.originalUrl }, 'database unavailable');
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again in a few seconds.',
        requestId,
      });
      return;
    }
    this.logger.error({ err: exception, requestId, method: request.method, url: request.originalUrl }, 'unexpected error');
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', requestId });
  }
}
