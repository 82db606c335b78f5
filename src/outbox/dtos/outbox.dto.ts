import { ApiProperty } from '@nestjs/swagger';
import { Length, Matches } from 'class-validator';
import { CursorPageQuery } from '../../http/cursor-page.dto';
import { Optional } from '../../http/validation';
import { OUTBOX_STATUSES, type OutboxStatus } from '../outbox-message.entity';

const TOPIC_PREFIX = { pattern: /^[a-z0-9_.-]{1,100}$/, message: 'topic must be a topic or its prefix: 1–100 lower-case letters, digits, _ . -' };

/** Dead letters, newest first; only those whose topic starts with `topic` if given. */
export class ListDeadLettersQuery extends CursorPageQuery {
  @Optional()
  @Length(1, 100)
  @Matches(TOPIC_PREFIX.pattern, { message: TOPIC_PREFIX.message })
  topic?: string;
}

/** Replay every dead letter (of topics starting with `topic`, if given). */
export class ReplayDeadLettersDto {
  @Optional()
  @Length(1, 100)
  @Matches(TOPIC_PREFIX.pattern, { message: TOPIC_PREFIX.message })
  topic?: string;
}

/** One outbox message as a supervisor sees it. */
export class OutboxMessageDto {
  id: number;
  topic: string;
  /** What it is about: an order number, a contract number, a phone. */
  key: string;
  idempotencyKey: string;
  @ApiProperty({ enum: OUTBOX_STATUSES })
  status: OutboxStatus;
  attempts: number;
  /** Why the last attempt failed. */
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The body sent (JSON). */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The body sent (JSON).' })
  payload: unknown;
}

export class OutboxMessagePage {
  items: OutboxMessageDto[];
  nextCursor: string | null;
}

/** Messages of one topic by status. */
export class OutboxTopicCounts {
  topic: string;
  pending: number;
  /** Of the pending, those that failed at least once (waiting for a retry). */
  retrying: number;
  dead: number;
}

/** How long the outbox keeps what it sent (dead letters are kept until replayed). */
export class OutboxRetentionDto {
  /** Days a delivered message is kept before it is deleted; 0: kept. */
  deliveredDays: number;
  /** How often the deletion runs, in seconds; 0: it does not run. */
  intervalSeconds: number;
}

export class OutboxSummaryDto {
  pending: number;
  retrying: number;
  dead: number;
  /** When the oldest message still pending was written: how far behind the receivers are. */
  oldestPendingAt: Date | null;
  /** Delivered in the last 24 hours. */
  deliveredLastDay: number;
  topics: OutboxTopicCounts[];
  retention: OutboxRetentionDto;
}

export class ReplayResultDto {
  /** Dead letters put back in the queue. */
  replayed: number;
}
