import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import { TelephonySettings } from './telephony-settings';

/**
 * Every Twilio webhook must carry a valid X-Twilio-Signature: HMAC-SHA1 of our public URL plus the
 * sorted POST parameters, keyed by the auth token — checked with the twilio library itself.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(private readonly settings: TelephonySettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.header('x-twilio-signature');
    if (!signature) throw new ForbiddenException('Missing X-Twilio-Signature');
    const url = `${this.settings.publicBaseUrl}${request.originalUrl}`;
    const params = request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : {};
    if (!this.signedAsReceived(signature, url, params) && !twilio.validateRequest(this.settings.authToken, signature, url, params)) {
      throw new ForbiddenException('X-Twilio-Signature does not verify');
    }
    return true;
  }

  /**
   * The URL exactly as configured is what Twilio signs; `validateRequest` tries it without the port
   * first, which costs a second HMAC on every webhook when PUBLIC_BASE_URL carries one. It still
   * decides every request this check does not accept.
   */
  private signedAsReceived(signature: string, url: string, params: Record<string, string>): boolean {
    const expected = Buffer.from(twilio.getExpectedTwilioSignature(this.settings.authToken, url, params));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
