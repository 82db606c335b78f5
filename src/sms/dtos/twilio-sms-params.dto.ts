import { createParamDecorator, ExecutionContext, ValidationPipe } from '@nestjs/common';
import type { Request } from 'express';
import { IsIn, IsString, Matches } from 'class-validator';
import { Optional } from '../../http/validation';

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;

/** A Message status callback (Outbound Message Status in Status Callbacks); other parameters pass. */
export class MessageStatusParams {
  @Matches(MESSAGE_SID, { message: 'MessageSid must be SM followed by 32 hex digits' })
  MessageSid: string;

  @IsIn(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'accepted', 'scheduled', 'canceled'], {
    message: 'MessageStatus must be a Message status',
  })
  MessageStatus: string;

  @Optional()
  @Matches(/^\d{1,6}$/, { message: 'ErrorCode must be a number' })
  ErrorCode?: string;
}

/** Twilio's request to the incoming-message webhook (the parameters the app reads). */
export class IncomingMessageParams {
  @Matches(MESSAGE_SID, { message: 'MessageSid must be SM followed by 32 hex digits' })
  MessageSid: string;

  @IsString({ message: 'From must be the sender' })
  From: string;

  @Optional()
  @IsString({ message: 'Body must be text' })
  Body?: string;
}

/**
 * Twilio's parameters of one webhook, checked against its DTO. A custom decorator, so the app's global
 * pipe (which refuses unknown fields) leaves the rest of Twilio's parameters alone: only the DTO's are picked.
 */
const PARAMS_PIPE = new ValidationPipe({ validateCustomDecorators: true, whitelist: true, stopAtFirstError: false });

const picked = (keys: string[]) =>
  createParamDecorator((_: unknown, ctx: ExecutionContext) => {
    const body = (ctx.switchToHttp().getRequest<Request>().body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
  })(PARAMS_PIPE);

export const MessageStatusBody = (): ParameterDecorator => picked(['MessageSid', 'MessageStatus', 'ErrorCode']);
export const IncomingMessageBody = (): ParameterDecorator => picked(['MessageSid', 'From', 'Body']);
