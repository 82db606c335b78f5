import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { QUEUE_STRATEGIES, QueueStrategy } from '../call-queue.entity';
import { Optional } from '../../http/validation';

const CODE = /^[a-z][a-z0-9_-]{1,31}$/;
const CODE_MESSAGE = (field: string) => `${field} must be 2–32 characters of a-z, 0-9, _ or -, starting with a letter`;

export class CreateSkillDto {
  @Matches(CODE, { message: CODE_MESSAGE('code') })
  code: string;

  @IsString()
  @Length(1, 64)
  name: string;
}

export class UpdateSkillDto {
  @IsString()
  @Length(1, 64)
  name: string;
}

export class CreateQueueDto {
  @Matches(CODE, { message: CODE_MESSAGE('code') })
  code: string;

  @IsString()
  @Length(1, 64)
  name: string;

  /** The skill an agent needs to take this queue's calls. */
  @IsString()
  skillCode: string;

  /** IVR key (0–9) that leads to this queue; null: none. */
  @Optional({ nullable: true })
  @Matches(/^[0-9]$/, { message: 'menuKey must be a single digit 0–9' })
  menuKey?: string | null;

  @Optional()
  @IsIn(QUEUE_STRATEGIES)
  strategy?: QueueStrategy;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(3600)
  wrapUpSeconds?: number;

  @Optional()
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  maxWaitSeconds?: number;

  /** Waiting calls move to this queue after overflowAfterSeconds; give both or neither. */
  @Optional({ nullable: true })
  @IsString()
  overflowQueueCode?: string | null;

  @ValidateIf((q: CreateQueueDto) => q.overflowQueueCode != null || q.overflowAfterSeconds != null)
  @IsInt({ message: 'overflowAfterSeconds must be an integer number (required with overflowQueueCode)' })
  @Min(1)
  @Max(24 * 3600)
  overflowAfterSeconds?: number | null;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(600)
  serviceLevelSeconds?: number;

  @Optional()
  @IsBoolean()
  joinWhenNoAgents?: boolean;

  /** Record conversations in this queue (for spot checks and scorecards). */
  @Optional()
  @IsBoolean()
  recordCalls?: boolean;
}

/** All optional; `skipNullProperties: false`: PartialType's default (class-validator's IsOptional on every field) lets null through to NOT NULL columns. */
export class UpdateQueueDto extends PartialType(CreateQueueDto, { skipNullProperties: false }) {}

export class AgentSkillDto {
  @IsString()
  skillCode: string;

  /** 1 = best. */
  @IsInt()
  @Min(1, { message: 'level must be from 1 (best) to 5' })
  @Max(5, { message: 'level must be from 1 (best) to 5' })
  level: number;
}

export class AgentSkillsDto {
  @IsArray()
  @ArrayUnique((s: AgentSkillDto) => s?.skillCode, { message: 'skills must not name a skill twice' })
  @ValidateNested({ each: true })
  @Type(() => AgentSkillDto)
  skills: AgentSkillDto[];
}

export class MoveAgentDto {
  /** Queue the agent leaves (their skill for it is removed); omit to add a queue only. */
  @Optional()
  @IsString()
  fromQueue?: string;

  @IsString()
  toQueue: string;

  /** Level in the new queue's skill; default: the agent's current level there, else 2. */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(5)
  level?: number;
}

export const NOT_READY_REASONS = ['break', 'meal', 'training', 'meeting', 'missed-call', 'other'] as const;
export type AgentStateRequest = 'ready' | 'not-ready' | 'offline';

export class SetAgentStateDto {
  @IsIn(['ready', 'not-ready', 'offline'])
  state: AgentStateRequest;

  /** Required with not-ready (休息 break, 用餐 meal, 培训 training, …). */
  @ValidateIf((dto: SetAgentStateDto) => dto.state === 'not-ready' || dto.reason !== undefined)
  @IsIn(NOT_READY_REASONS, { message: `reason must be one of: ${NOT_READY_REASONS.join(', ')} (required with not-ready)` })
  reason?: (typeof NOT_READY_REASONS)[number];
}

export class QueueView {
  code: string;
  name: string;
  skillCode: string;
  menuKey: string | null;
  strategy: QueueStrategy;
  wrapUpSeconds: number;
  maxWaitSeconds: number;
  overflowQueueCode: string | null;
  overflowAfterSeconds: number | null;
  serviceLevelSeconds: number;
  joinWhenNoAgents: boolean;
  recordCalls: boolean;
}

export class AgentSkillView {
  skillCode: string;
  level: number;
}

/** An agent and their skills (GET /agents/skills): the settings page's table. */
export class AgentSkillsRowView {
  jobNumber: string;
  name: string;
  /** Deactivated accounts keep their skills (for when they return) but are never offered calls. */
  active: boolean;
  skills: AgentSkillView[];
}
