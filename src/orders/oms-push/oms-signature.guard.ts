import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { OmsPushService } from './oms-push.service';

/** Checks the push's signature before its body is validated: an unsigned push learns nothing about the schema. */
@Injectable()
export class OmsSignatureGuard implements CanActivate {
  constructor(private readonly push: OmsPushService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    this.push.verify({ signature: request.header('x-oms-signature'), timestamp: request.header('x-oms-timestamp') }, request.rawBody);
    return true;
  }
}
