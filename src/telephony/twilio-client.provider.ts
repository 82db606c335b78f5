import { createSandboxTwilioClient } from '@hotline/twilio-sandbox';
import { Provider } from '@nestjs/common';
import twilio from 'twilio';
import { TelephonySettings } from './telephony-settings';

export const TWILIO_CLIENT = Symbol('TWILIO_CLIENT');

/** The real `twilio` client — against Twilio, or against the embedded sandbox at our own address. */
export const twilioClientProvider: Provider = {
  provide: TWILIO_CLIENT,
  inject: [TelephonySettings],
  useFactory: (settings: TelephonySettings) =>
    settings.mode === 'twilio'
      ? twilio(settings.accountSid, settings.authToken)
      : createSandboxTwilioClient(settings.publicBaseUrl, settings.accountSid, settings.authToken),
};
