import { createSandboxTwilioClient } from '@hotline/twilio-sandbox';
import { Provider } from '@nestjs/common';
import twilio from 'twilio';
import { TelephonySettings } from './telephony-settings';

export const TWILIO_CLIENT = Symbol('TWILIO_CLIENT');

/** The real `twilio` client — against Twilio, or against the sandbox (embedded at our own address, or standalone). */
export const twilioClientProvider: Provider = {
  provide: TWILIO_CLIENT,
  inject: [TelephonySettings],
  useFactory: (settings: TelephonySettings) =>
    settings.mode === 'twilio'
      ? twilio(settings.accountSid, settings.authToken)
      : createSandboxTwilioClient(settings.sandboxUrl!, settings.accountSid, settings.authToken),
};
