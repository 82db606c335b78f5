import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/**
 * The parts of Twilio's webhook parameters the flows read, checked. Twilio sends many more
 * (AccountSid, ApiVersion, Caller, geography…): they are allowed and ignored.
 */
export class VoiceParamsDto {
  @Matches(/^CA[0-9a-f]{32}$/, { message: 'CallSid must be CA followed by 32 hex digits' })
  CallSid: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  From?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  To?: string;

  @IsOptional()
  @Matches(/^[0-9*#]{0,32}$/, { message: 'Digits must be keypad characters' })
  Digits?: string;

  @IsOptional()
  @IsIn(['queued', 'initiated', 'ringing', 'in-progress', 'answered', 'completed', 'busy', 'failed', 'no-answer', 'canceled'])
  CallStatus?: string;

  @IsOptional()
  @IsIn(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'])
  DialCallStatus?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  QueueResult?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  RecordingUrl?: string;
}
