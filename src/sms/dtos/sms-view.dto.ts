import { ApiProperty } from '@nestjs/swagger';
import { SMS_KINDS, SMS_STATUSES, type SmsKind, type SmsStatus } from '../sms-message.entity';
import { SMS_LANGUAGES, TEMPLATE_KINDS, type SmsLanguage, type TemplateKind } from '../sms-templates';

/* The SMS routes' answers as OpenAPI describes them. */

export class SmsMessageDto {
  id: number;
  @ApiProperty({ enum: ['outbound', 'inbound'] })
  direction: 'outbound' | 'inbound';
  @ApiProperty({ enum: SMS_KINDS })
  kind: SmsKind;
  /** The customer's number; masked (138****5678) for quality monitors. */
  phone: string;
  workOrderNumber: string | null;
  language: string;
  body: string;
  @ApiProperty({ enum: SMS_STATUSES })
  status: SmsStatus;
  /** Twilio's error code of the latest failure (21xxx refused, 30xxx not delivered). */
  errorCode: number | null;
  /** Sends so far (1 + retries). */
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export class SmsMessageList {
  items: SmsMessageDto[];
}

export class SmsTemplateDto {
  @ApiProperty({ enum: TEMPLATE_KINDS })
  kind: TemplateKind;
  @ApiProperty({ enum: SMS_LANGUAGES })
  language: SmsLanguage;
  body: string;
  /** The `{name}`s this message may use. */
  variables: string[];
  /** False while the default wording is used. */
  customised: boolean;
  updatedAt: Date | null;
  updatedByJobNumber: string | null;
}

export class SmsTemplateList {
  items: SmsTemplateDto[];
}

export class SmsOptOutDto {
  /** E.164; masked for quality monitors. */
  phone: string;
  /** True: the customer gets no SMS (回复TD退订). */
  optedOut: boolean;
  @ApiProperty({ enum: ['sms-reply', 'agent', 'api', 'carrier'], nullable: true })
  source: string | null;
  changedAt: Date | null;
  changedByJobNumber: string | null;
}
