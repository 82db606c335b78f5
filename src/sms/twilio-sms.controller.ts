import { Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { TwilioSignatureGuard } from '../telephony/twilio-signature.guard';
import { IncomingMessageBody, IncomingMessageParams, MessageStatusBody, MessageStatusParams } from './dtos/twilio-sms-params.dto';
import { SmsWebhooksService } from './sms-webhooks.service';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio's Messaging webhooks: status callbacks of the SMS we send, and customers' replies. Public
 * (Twilio has no bearer token) but signed: a request whose X-Twilio-Signature does not verify is 403.
 */
@ApiExcludeController()
@Public()
@UseGuards(TwilioSignatureGuard)
@Controller('twilio/sms')
export class TwilioSmsController {
  constructor(private readonly webhooks: SmsWebhooksService) {}

  @Post('status')
  @HttpCode(204)
  async status(@MessageStatusBody() params: MessageStatusParams): Promise<void> {
    await this.webhooks.statusCallback(params.MessageSid, params.MessageStatus, params.ErrorCode ? Number(params.ErrorCode) : null);
  }

  /** A reply: recorded, "TD" honoured; answered with empty TwiML (no auto-reply: the carrier's TD handling expects none). */
  @Post('incoming')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async incoming(@IncomingMessageBody() params: IncomingMessageParams): Promise<string> {
    await this.webhooks.incoming(params.MessageSid, params.From, params.Body ?? '');
    return EMPTY_TWIML;
  }
}
