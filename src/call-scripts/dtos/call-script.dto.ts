import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../../http/validation';
import { QUEUE_CODE } from '../../telephony/calls/dtos/calls.dto';
import { SCRIPT_LANGUAGES, SCRIPT_SITUATIONS, type ScriptLanguage, type ScriptSituation } from '../../knowledge/knowledge-categories';

const QUEUE_MESSAGE = 'queue must be a queue code (2–32 characters of a-z, 0-9, _ or -, starting with a letter)';
const SITUATION_MESSAGE = `situation must be one of: ${SCRIPT_SITUATIONS.join(', ')}`;
const LANGUAGE_MESSAGE = `language must be one of: ${SCRIPT_LANGUAGES.join(', ')}`;

export class ListCallScriptsQuery {
  @Optional()
  @Matches(QUEUE_CODE, { message: QUEUE_MESSAGE })
  queue?: string;

  /** The agent's page language. */
  @Optional()
  @IsIn(SCRIPT_LANGUAGES, { message: LANGUAGE_MESSAGE })
  language?: ScriptLanguage;
}

/** Which script: the path of PUT and DELETE. */
export class CallScriptKey {
  @Matches(QUEUE_CODE, { message: QUEUE_MESSAGE })
  queue: string;

  @IsIn(SCRIPT_SITUATIONS, { message: SITUATION_MESSAGE })
  situation: ScriptSituation;

  @IsIn(SCRIPT_LANGUAGES, { message: LANGUAGE_MESSAGE })
  language: ScriptLanguage;
}

export class WriteCallScriptDto {
  /** What the agent says; `{agent}` is replaced by the agent's job number (工号) on the softphone. */
  @IsString()
  @Length(1, 2000)
  text: string;
}

export class CallScriptDto {
  queue: string;
  @ApiProperty({ enum: SCRIPT_SITUATIONS })
  situation: ScriptSituation;
  @ApiProperty({ enum: SCRIPT_LANGUAGES })
  language: ScriptLanguage;
  text: string;
  updatedBy: string;
  updatedAt: Date;
}
