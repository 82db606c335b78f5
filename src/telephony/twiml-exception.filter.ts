import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import twilio from 'twilio';
import { TelephonySettings } from './telephony-settings';

/** Twilio's parameters (or the route's query) are wrong: each problem named, in order. */
export class TwilioParamsRejected extends BadRequestException {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** "Sorry, we cannot take your call now, please call again later", and hang up. */
export function apologyTwiml(settings: TelephonySettings): string {
  const twiml = new twilio.twiml.VoiceResponse();
  twiml.say(settings.sayAttributes('zh-CN') as never, '抱歉,系统暂时无法处理您的来电,请稍后再拨。');
  return twiml.hangup().toString();
}

/**
 * A Twilio webhook with bad parameters gets 400 — with TwiML that ends the call politely, since
 * Twilio plays whatever comes back — and the problems in `X-Problems` for the debugger.
 */
@Injectable()
@Catch(TwilioParamsRejected)
export class TwimlExceptionFilter implements ExceptionFilter {
  constructor(private readonly settings: TelephonySettings) {}

  catch(exception: TwilioParamsRejected, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res
      .status(400)
      .type('text/xml')
      .setHeader('X-Problems', encodeURIComponent(exception.problems.join('; ')));
    res.send(apologyTwiml(this.settings));
  }
}
