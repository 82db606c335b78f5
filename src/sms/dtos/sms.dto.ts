import { IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { SMS_LANGUAGES, TEMPLATE_KINDS, type SmsLanguage, type TemplateKind } from '../sms-templates';

export class SmsTemplateParams {
  @IsIn(TEMPLATE_KINDS, { message: `kind must be one of ${TEMPLATE_KINDS.join(', ')}` })
  kind: TemplateKind;

  @IsIn(SMS_LANGUAGES, { message: `language must be one of ${SMS_LANGUAGES.join(', ')}` })
  language: SmsLanguage;
}

export class UpdateSmsTemplateDto {
  /** The wording, with `{variables}` of the kind; up to 500 characters (China's carriers' advice). */
  @Length(1, 500, { message: 'body must be 1 to 500 characters' })
  @IsString({ message: 'body must be text' })
  body: string;
}

export class SetSmsOptOutDto {
  /** True: no more SMS to this number; false: the customer agreed to get them again. */
  @IsBoolean({ message: 'optedOut must be true or false' })
  optedOut: boolean;
}
