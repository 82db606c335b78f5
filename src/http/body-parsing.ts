import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { parse as parseQueryString } from 'node:querystring';
import { errorBody } from './all-exceptions.filter';
import type { ErrorCode } from './errors/error-codes';
import { requestIdFor } from './request-id';

const FORM = 'application/x-www-form-urlencoded';
/** The route whose JSON body is kept as received (`request.rawBody`): the order system's signed push. */
export const RAW_BODY_PATH = '/orders/oms-changes';
/** The bulk import's JSON route: its bodies (up to 20 000 rows, ~4 MB) have a limit of their own. */
export const BULK_IMPORT_PATH = '/orders/import';

/**
 * The deepest JSON body accepted (objects and arrays inside each other). The deepest body the API
 * takes (a scorecard form: form → sections[] → section → items[] → item) nests 5 deep; 32 leaves room,
 * while JSON nested thousands deep blew the stack in validation (a 500 before sign-in) and a 1 MB
 * body nested 170 000 deep held the event loop ~350 ms.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Body parsers with a size limit, and a translation of their failures into clear JSON answers:
 * malformed JSON → 400, too large → 413, unsupported charset → 415. Registered before the routes,
 * so body errors never reach Express's default (HTML, stack-trace-bearing) handler.
 */
export function useBodyParsing(app: INestApplication, limitBytes: number, importLimitBytes = limitBytes): void {
  const json = (limit: number) =>
    express.json({
      limit,
      verify: (request: Request & { rawBody?: Buffer }, _response, body, charset) => {
        assertJsonDepth(body, charset, MAX_JSON_DEPTH);
        // Signed pushes are checked over the bytes as sent, not a re-serialisation of the parsed body.
        if (request.url?.startsWith(RAW_BODY_PATH)) request.rawBody = body;
      },
    });
  // First, so the general parser below finds the import's body read (body-parser reads a body once).
  app.use(BULK_IMPORT_PATH, json(importLimitBytes));
  app.use(json(limitBytes));
  // Twilio posts its webhooks form-encoded: flat fields, read as text and split by Node's own
  // querystring parser (a third of the cost of body-parser's qs, on every webhook).
  app.use(express.text({ type: FORM, limit: limitBytes }));
  app.use((request: Request, _response: Response, next: NextFunction) => {
    if (typeof request.body === 'string') request.body = parseQueryString(request.body);
    next();
  });
  app.use((error: BodyParserError, request: Request & { id?: unknown }, response: Response, next: NextFunction) => {
    const answer = describeBodyError(error, error.limit ?? limitBytes);
    if (!answer) return next(error);
    response.status(answer.statusCode).json(errorBody(answer.statusCode, answer.code, answer.message, requestIdFor(request, response)));
  });
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  /** The limit a too-large body broke (raw-body sets it). */
  limit?: number;
}

function describeBodyError(error: BodyParserError, limitBytes: number): { statusCode: number; code: ErrorCode; message: string } | null {
  switch (error.type) {
    case 'entity.too.deep':
      return { statusCode: 400, code: 'request.body_too_deep', message: error.message };
    case 'entity.parse.failed':
      return { statusCode: 400, code: 'request.body_invalid_json', message: 'Request body is not valid JSON' };
    case 'entity.too.large':
      return { statusCode: 413, code: 'request.body_too_large', message: `Request body exceeds ${limitBytes} bytes` };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { statusCode: 415, code: 'request.unsupported_media_type', message: error.message };
    case 'request.aborted':
      return { statusCode: 400, code: 'request.body_unreadable', message: 'Request was aborted' };
    default:
      return error.status && error.status >= 400 && error.status < 500
        ? { statusCode: error.status, code: 'request.body_unreadable', message: 'Request body could not be read' }
        : null;
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Refuses (400, before JSON.parse and validation) a JSON text nested deeper than `maxDepth`: one
 * linear pass over the raw body counting brackets outside strings — ~1 ms a megabyte. Malformed
 * text is left for JSON.parse to refuse. In UTF-8 the bytes of `{ [ " \ } ]` never occur inside
 * a multi-byte character, so the bytes are scanned as they are; other UTF charsets are decoded first.
 */
export function assertJsonDepth(body: Buffer, charset: string | undefined, maxDepth: number): void {
  const units = textUnits(body, charset);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (inString) {
      if (unit === BACKSLASH) i++;
      else if (unit === QUOTE) inString = false;
    } else if (unit === QUOTE) {
      inString = true;
    } else if (unit === OPEN_BRACE || unit === OPEN_BRACKET) {
      if (++depth > maxDepth) throw bodyError(400, 'entity.too.deep', `Request body nests objects and arrays deeper than ${maxDepth} levels`);
    } else if (unit === CLOSE_BRACE || unit === CLOSE_BRACKET) {
      depth--;
    }
  }
}

/** The body as code units to scan: its bytes for UTF-8, else its UTF-16 code units. */
function textUnits(body: Buffer, charset: string | undefined): { length: number; [index: number]: number } {
  const name = (charset ?? 'utf-8').toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return body;
  let text: string;
  try {
    text = new TextDecoder(name).decode(body);
  } catch {
    // RFC 8259 §8.1: JSON exchanged between systems is UTF-8; UTF-16 is decoded above, anything rarer is refused.
    throw bodyError(415, 'charset.unsupported', `unsupported charset "${name.toUpperCase()}" for JSON; send UTF-8`);
  }
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

function bodyError(status: number, type: string, message: string): BodyParserError {
  return Object.assign(new Error(message), { status, type });
}
