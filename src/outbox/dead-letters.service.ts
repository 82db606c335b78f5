import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { toSqlDateTime } from '../database/sql-datetime';
import { TransactionRunner } from '../database/transaction-runner';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { DomainError } from '../http/errors/domain-error';
import { ListDeadLettersQuery, OutboxMessageDto, OutboxMessagePage, OutboxSummaryDto } from './dtos/outbox.dto';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxMessage } from './outbox-message.entity';

/** The supervisor's view of the outbox: what waits, what died, and the replay of the dead (attempts start again from one). */
@Injectable()
export class DeadLettersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runner: TransactionRunner,
    private readonly dispatcher: OutboxDispatcher,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async summary(): Promise<OutboxSummaryDto> {
    const dayAgo = toSqlDateTime(new Date(this.clock.now() - 24 * 3600_000));
    const [byTopic, delivered] = (await Promise.all([
      this.db.query(
        `SELECT topic, SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,
                SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying,
                SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END) AS dead,
                MIN(CASE WHEN status = 'pending' THEN createdAt END) AS oldestPendingAt
           FROM outbox_message WHERE status IN ('pending', 'dead') GROUP BY topic ORDER BY topic`,
      ),
      this.db.query(`SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'delivered' AND deliveredAt >= ?`, [dayAgo]),
    ])) as [Array<Record<string, string | number | null>>, Array<{ n: string | number }>];
    const topics = byTopic.map((row) => ({ topic: String(row.topic), pending: Number(row.pending), retrying: Number(row.retrying), dead: Number(row.dead) }));
    const oldest = byTopic
      .map((row) => row.oldestPendingAt)
      .filter((at): at is string => at !== null)
      .map(asDate);
    return {
      pending: topics.reduce((n, t) => n + t.pending, 0),
      retrying: topics.reduce((n, t) => n + t.retrying, 0),
      dead: topics.reduce((n, t) => n + t.dead, 0),
      oldestPendingAt: oldest.length ? new Date(Math.min(...oldest.map((d) => d.getTime()))) : null,
      deliveredLastDay: Number(delivered[0]?.n ?? 0),
      topics: topics.filter((t) => t.pending + t.dead > 0),
      retention: { deliveredDays: this.config.OUTBOX_DELIVERED_RETENTION_DAYS, intervalSeconds: this.config.OUTBOX_RETENTION_INTERVAL_SECONDS },
    };
  }

  async list(query: ListDeadLettersQuery): Promise<OutboxMessagePage> {
    const limit = query.limit ?? 20;
    const qb = this.db
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .where("m.status = 'dead'")
      .orderBy('m.id', 'DESC')
      .limit(limit + 1);
    if (query.topic) qb.andWhere('m.topic LIKE :prefix', { prefix: `${query.topic.replace(/[_%\\]/g, '\\$&')}%` });
    if (query.cursor) qb.andWhere('m.id < :before', { before: decodeCursor('dl', query.cursor, 1)[0] });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? encodeCursor('dl', page[page.length - 1].id) : null };
  }

  /** Puts one dead letter back in the queue, due now; 409 if it is not dead (a replay twice, or still pending). */
  async replay(id: number): Promise<OutboxMessageDto> {
    const message = await this.runner.run(async (tx) => {
      const found = await tx.findOne(OutboxMessage, { where: { id } });
      if (!found) throw new DomainError('outbox.message_not_found', { id }, `No outbox message ${id}`);
      if (found.status !== 'dead')
        throw new DomainError(
          'outbox.not_dead',
          { id, status: found.status },
          `Outbox message ${id} is ${found.status}, not dead: only dead letters are replayed`,
        );
      await tx.update(OutboxMessage, { id, status: 'dead' }, this.requeued());
      return tx.findOneOrFail(OutboxMessage, { where: { id } });
    });
    this.dispatcher.nudge();
    return view(message);
  }

  /** Every dead letter (of topics starting with `topic`) back in the queue. */
  async replayAll(topic?: string): Promise<number> {
    const replayed = await this.runner.run(async (tx) => {
      const qb = tx.createQueryBuilder().update(OutboxMessage).set(this.requeued()).where("status = 'dead'");
      if (topic) qb.andWhere('topic LIKE :prefix', { prefix: `${topic.replace(/[_%\\]/g, '\\$&')}%` });
      return (await qb.execute()).affected ?? 0;
    });
    if (replayed > 0) this.dispatcher.nudge();
    return replayed;
  }

  private requeued() {
    return { status: 'pending' as const, attempts: 0, nextAttemptAt: new Date(this.clock.now()), claimToken: null };
  }
}

function view(m: OutboxMessage): OutboxMessageDto {
  return {
    id: m.id,
    topic: m.topic,
    key: m.aggregateKey,
    idempotencyKey: m.idempotencyKey,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.nextAttemptAt,
    createdAt: m.createdAt,
    deliveredAt: m.deliveredAt,
    payload: JSON.parse(m.payload) as unknown,
  };
}

function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
