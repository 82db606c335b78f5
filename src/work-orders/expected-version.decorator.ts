import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';

const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * Optimistic locking: the version the client last read — `expectedVersion` in the body, or else an
 * If-Match header with it (the ETag of GET /work-orders/:number); undefined when neither is given.
 * The body's value is checked by the DTO's own validation.
 */
export const ExpectedVersion = createParamDecorator(
  (_: unknown, context: ExecutionContext): number | undefined => {
    const request = context.switchToHttp().getRequest<Request>();
    const fromBody: unknown = (request.body as { expectedVersion?: unknown } | undefined)?.expectedVersion;
    const ifMatch = request.headers['if-match'];
    if (ifMatch === undefined || fromBody !== undefined) return fromBody as number | undefined;
    const match = IF_MATCH.exec(ifMatch.trim());
    if (!match) throw new BadRequestException('If-Match must be the work order’s version, e.g. "3"');
    return Number(match[1]);
  },
  [
    (target, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
      ApiHeader({ name: 'If-Match', required: false, description: 'The version last read (the ETag of GET), instead of `expectedVersion` in the body' })(
        target,
        key!,
        descriptor,
      );
    },
  ],
);
