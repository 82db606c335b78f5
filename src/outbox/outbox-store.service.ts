import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { toSqlDateTime } from '../database/sql-datetime';
import { hydrateRow } from '../database/hydrate-row';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxMessage } from './outbox-message.entity';

/**
 * The dispatcher's SQL. A claim is a conditional UPDATE: it sets a claim token and pushes
 * `nextAttemptAt` out by the lease only where the row is still pending and due, so of two processes
 * (or two ticks) that read the same due rows, each row goes to one; a claimer that crashes leaves
 * its rows to be claimed again once the lease runs out. Only the holder of the token records the
 * outcome. Every statement runs through TransactionRunner, so on SQLite it never reads another
 * unit of work's uncommitted rows on the shared connection.
 */
@Injectable()
export class OutboxStore {
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * Claims up to `limit` due messages for `token` until `leaseUntil`. Of one aggregate key only the
   * oldest pending message is due, so a key's messages go out in order, one at a time.
   */
  claim(token: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
    const at = toSqlDateTime(now);
    return this.runner.run(async (tx) => {
      const due: Array<{ id: number }> = await tx.query(
        `SELECT o.id FROM outbox_message o WHERE o.status = 'pending' AND o.nextAttemptAt <= ?
           AND NOT EXISTS (SELECT 1 FROM outbox_message e WHERE e.aggregateKey = o.aggregateKey AND e.status = 'pending' AND e.id < o.id)
         ORDER BY o.id LIMIT ?`,
        [at, limit],
      );
      if (due.length === 0) return [];
      const ids = due.map((row) => Number(row.id));
      const marks = ids.map(() => '?').join(', ');
      await tx.query(`UPDATE outbox_message SET claimToken = ?, nextAttemptAt = ? WHERE id IN (${marks}) AND status = 'pending' AND nextAttemptAt <= ?`, [
        token,
        toSqlDateTime(leaseUntil),
        ...ids,
        at,
      ]);
      const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM outbox_message WHERE id IN (${marks}) AND claimToken = ? ORDER BY id`, [
        ...ids,
        token,
      ]);
      return rows.map((row) => hydrateRow(tx, OutboxMessage, row));
    });
  }

  /** The receiver took it. False when the claim was lost (the lease ran out and another process took it). */
  delivered(message: OutboxMessage, token: string, at: Date): Promise<boolean> {
    return this.settle(message.id, token, { status: 'delivered', deliveredAt: at, lastError: null });
  }

  /** The attempt failed: retry at `retryAt`, or dead-letter it when null. */
  failed(message: OutboxMessage, token: string, error: string, retryAt: Date | null): Promise<boolean> {
    return this.settle(message.id, token, { lastError: error.slice(0, 2000), ...(retryAt ? { nextAttemptAt: retryAt } : { status: 'dead' }) });
  }

  /** The handler asked to be called again at `until` (not a failure: no attempt spent). */
  deferred(message: OutboxMessage, token: string, reason: string, until: Date): Promise<boolean> {
    return this.settle(message.id, token, { lastError: reason.slice(0, 2000), nextAttemptAt: until }, false);
  }

  /**
   * Deletes up to `limit` messages delivered before `before`, oldest first (`IDX_outbox_message_delivered`),
   * in a transaction of their own; returns how many. Pending and dead messages are never touched.
   */
  purgeDelivered(before: Date, limit: number): Promise<number> {
    return this.runner.run(async (tx) => {
      // Ids first: MariaDB takes no LIMIT in a DELETE's IN (subquery), SQLite no LIMIT on DELETE as built.
      const rows: Array<{ id: number | string }> = await tx.query(
        "SELECT id FROM outbox_message WHERE status = 'delivered' AND deliveredAt < ? ORDER BY deliveredAt, id LIMIT ?",
        [toSqlDateTime(before), limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => Number(row.id));
      await tx.query(`DELETE FROM outbox_message WHERE id IN (${ids.map(() => '?').join(', ')}) AND status = 'delivered'`, ids);
      return ids.length;
    });
  }

  private settle(id: number, token: string, change: QueryDeepPartialEntity<OutboxMessage>, attempted = true): Promise<boolean> {
    return this.runner.run(async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ ...change, ...(attempted ? { attempts: () => 'attempts + 1' } : {}), claimToken: null })
        .where('id = :id AND claimToken = :token', { id, token })
        .execute();
      return result.affected === 1;
    });
  }
}
