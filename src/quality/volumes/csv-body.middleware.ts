import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { ConfigVariables } from '../../../config/config-variables';
import { errorBody } from '../../http/all-exceptions.filter';

/** Reads a text/csv (or text/plain) body as a string for the CSV import route; too large → 413, as the JSON parser does. */
@Injectable()
export class CsvBodyMiddleware implements NestMiddleware {
  private readonly parse: express.RequestHandler;

  constructor(private readonly config: ConfigVariables) {
    this.parse = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: config.BODY_LIMIT_BYTES });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    this.parse(request, response, (error?: unknown) => {
      if (!error) return next();
      const e = error as { type?: string; status?: number };
      const id = (request as Request & { id?: string | number }).id; // pino-http's request id
      const requestId = id === undefined ? undefined : String(id);
      if (e.type === 'entity.too.large') {
        response.status(413).json(errorBody(413, 'request.body_too_large', `Request body exceeds ${this.config.BODY_LIMIT_BYTES} bytes`, requestId));
      } else if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
        response.status(415).json(errorBody(415, 'request.unsupported_media_type', 'the CSV must be UTF-8', requestId));
      } else {
        response.status(400).json(errorBody(400, 'request.body_unreadable', 'Request body could not be read', requestId));
      }
    });
  }
}
