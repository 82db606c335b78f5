import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { parse as parseQueryString } from 'node:querystring';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Body parsers with a size limit, and a translation of their failures into clear JSON answers:
 * malformed JSON → 400, too large → 413, unsupported charset → 415. Registered before the routes,
 * so body errors never reach Express's default (HTML, stack-trace-bearing) handler.
 */
export function useBodyParsing(app: INestApplication, limitBytes: number): void {
  app.use(express.json({ limit: limitBytes }));
  // Twilio posts its webhooks form-encoded: flat fields, read as text and split by Node's own
  // querystring parser (a third of the cost of body-parser's qs, on every webhook).
  app.use(express.text({ type: FORM, limit: limitBytes }));
  app.use((request: Request, _response: Response, next: NextFunction) => {
    if (typeof request.body === 'string') request.body = parseQueryString(request.body);
    next();
  });
  app.use((error: BodyParserError, request: Request & { id?: unknown }, response: Response, next: NextFunction) => {
    const answer = describeBodyError(error, limitBytes);
    if (!answer) return next(error);
    response.status(answer.statusCode).json({ ...answer, requestId: request.id === undefined ? undefined : String(request.id) });
  });
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

function describeBodyError(error: BodyParserError, limitBytes: number): { statusCode: number; error: string; message: string } | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return { statusCode: 400, error: 'Bad Request', message: 'Request body is not valid JSON' };
    case 'entity.too.large':
      return { statusCode: 413, error: 'Payload Too Large', message: `Request body exceeds ${limitBytes} bytes` };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { statusCode: 415, error: 'Unsupported Media Type', message: error.message };
    case 'request.aborted':
      return { statusCode: 400, error: 'Bad Request', message: 'Request was aborted' };
    default:
      return error.status && error.status >= 400 && error.status < 500
        ? { statusCode: error.status, error: 'Bad Request', message: 'Request body could not be read' }
        : null;
  }
}
