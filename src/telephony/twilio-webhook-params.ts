import { createParamDecorator, ExecutionContext, Injectable, PipeTransform, Query, ValidationPipe } from '@nestjs/common';
import type { Request } from 'express';
import { voiceParamsOf } from './dtos/voice-params.dto';
import { TwilioParamsRejected } from './twiml-exception.filter';

const JOB_NUMBER = /^\d{3,16}$/;
const JOB_NUMBERS = /^\d{3,16}(,\d{3,16})*$/;

/**
 * Checks Twilio's parameters against VoiceParamsDto. A custom decorator, so the app's global pipe
 * (which refuses unknown fields) leaves Twilio's ~25 parameters alone: only the DTO's are picked.
 */
const VOICE_PARAMS_PIPE = new ValidationPipe({
  validateCustomDecorators: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => new TwilioParamsRejected(errors.flatMap((e) => Object.values(e.constraints ?? {}))),
});

/** The webhook's VoiceParamsDto, validated (400 with TwiML otherwise). */
export const VoiceParams = (): ParameterDecorator =>
  createParamDecorator((_: unknown, ctx: ExecutionContext) => voiceParamsOf(ctx.switchToHttp().getRequest<Request>().body))(VOICE_PARAMS_PIPE);

/** A query parameter as text: repeated, its values joined by commas (as Express hands them over); absent or nested, empty. */
export function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.map(queryText).join(',') : '';
}

@Injectable()
class JobNumbersPipe implements PipeTransform<unknown, string[] | undefined> {
  constructor(private readonly shape: 'list' | 'one' | 'optional-one') {}

  transform(value: unknown): string[] | undefined {
    if (value === undefined && this.shape === 'optional-one') return undefined;
    const text = queryText(value);
    if (this.shape === 'list' ? !JOB_NUMBERS.test(text) : !JOB_NUMBER.test(text)) {
      throw new TwilioParamsRejected([this.shape === 'list' ? 'agents must be a comma-separated list of job numbers' : 'agent must be a job number']);
    }
    return text.split(',');
  }
}

@Injectable()
class FirstPipe implements PipeTransform<string[] | undefined, string | undefined> {
  transform(value: string[] | undefined): string | undefined {
    return value?.[0];
  }
}

/** `?agents=1003,1005`: the agents a dial rang, as a list. */
export const AgentsQuery = (): ParameterDecorator => Query('agents', new JobNumbersPipe('list'));

/** `?agent=1003`: the one agent a webhook is about (`optional`: absent is allowed, undefined). */
export const AgentQuery = (opts: { optional?: boolean } = {}): ParameterDecorator =>
  Query('agent', new JobNumbersPipe(opts.optional ? 'optional-one' : 'one'), new FirstPipe());

@Injectable()
class CallSidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly name = 'callSid') {}

  transform(value: unknown): string {
    const text = typeof value === 'string' ? value : '';
    if (!/^CA[0-9a-f]{32}$/.test(text)) throw new TwilioParamsRejected([`${this.name} must be CA followed by 32 hex digits`]);
    return text;
  }
}

/** `?callSid=CA…`: the caller's call a leg's webhook is about (an agent's or a consulted party's leg has its own CallSid). */
export const CallSidQuery = (): ParameterDecorator => Query('callSid', new CallSidPipe());

/** `?agentLeg=CA…`: the agent's leg a caller's conference callback checks. */
export const AgentLegQuery = (): ParameterDecorator => Query('agentLeg', new CallSidPipe('agentLeg'));

/** A recording callback's `RecordingUrl` (form body): Twilio's https URL of the media (400 with TwiML otherwise). */
export const RecordingUrlParam = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const value = (ctx.switchToHttp().getRequest<Request>().body as Record<string, unknown> | undefined)?.RecordingUrl;
  if (typeof value !== 'string' || value.length > 512 || !/^https?:\/\/\S+$/.test(value)) throw new TwilioParamsRejected(['RecordingUrl must be a URL']);
  return value;
});
