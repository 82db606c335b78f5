import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../http/validation';

/**
 * The parts of Twilio's webhook parameters the flows read, checked. Twilio sends many more
 * (AccountSid, ApiVersion, Caller, geography…): they are allowed and ignored.
 */
export class VoiceParamsDto {
  @Matches(/^CA[0-9a-f]{32}$/, { message: 'CallSid must be CA followed by 32 hex digits' })
  CallSid: string;

  @Optional()
  @IsString()
  @MaxLength(64)
  From?: string;

  @Optional()
  @IsString()
  @MaxLength(64)
  To?: string;

  @Optional()
  @Matches(/^[0-9*#]{0,32}$/, { message: 'Digits must be keypad characters' })
  Digits?: string;

  @Optional()
  @IsIn(['queued', 'initiated', 'ringing', 'in-progress', 'answered', 'completed', 'busy', 'failed', 'no-answer', 'canceled'])
  CallStatus?: string;

  @Optional()
  @IsIn(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'])
  DialCallStatus?: string;

  /** Whether the dialled party was connected (<Dial> action): false for a Dial redirected while it rang. */
  @Optional()
  @IsIn(['true', 'false'])
  DialBridged?: string;

  @Optional()
  @IsString()
  @MaxLength(32)
  QueueResult?: string;

  @Optional()
  @IsString()
  @MaxLength(512)
  RecordingUrl?: string;

  /** The dialled leg (<Dial> action): the agent's leg, whose state tells a move into the call's conference from a hang-up. */
  @Optional()
  @Matches(/^CA[0-9a-f]{32}$/, { message: 'DialCallSid must be CA followed by 32 hex digits' })
  DialCallSid?: string;
}

/** The fields of VoiceParamsDto — the only ones a webhook's handlers are given. */
export const VOICE_PARAM_NAMES = [
  'CallSid',
  'From',
  'To',
  'Digits',
  'CallStatus',
  'DialCallStatus',
  'DialBridged',
  'QueueResult',
  'RecordingUrl',
  'DialCallSid',
] as const satisfies ReadonlyArray<keyof VoiceParamsDto>;
// Compiles only while the list names every field of the DTO.
const everyFieldNamed: Exclude<keyof VoiceParamsDto, (typeof VOICE_PARAM_NAMES)[number]> extends never ? true : never = true;
void everyFieldNamed;

/** The DTO's fields out of Twilio's ~25 parameters, for class-validator to check. */
export function voiceParamsOf(body: unknown): VoiceParamsDto {
  const params = new VoiceParamsDto();
  if (!body || typeof body !== 'object') return params;
  const fields = body as Record<string, unknown>;
  for (const name of VOICE_PARAM_NAMES) if (fields[name] !== undefined) (params as unknown as Record<string, unknown>)[name] = fields[name];
  return params;
}
