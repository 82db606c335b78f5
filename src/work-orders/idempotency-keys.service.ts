import { BadRequestException, Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { insertRows } from '../database/insert-rows';
import { toSqlDateTime } from '../database/sql-datetime';
import type { PeriodicJob } from '../scheduling/periodic-job';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { WorkOrderIdempotencyKey } from './work-order-idempotency-key.entity';

/** How long a key is remembered: a client retrying after a reset does so within seconds or minutes; Stripe keeps keys 24 h. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
const SWEEP_INTERVAL_SECONDS = 3600;
/** Stripe's rule: up to 255 characters; visible ASCII, so the key is a plain header value. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A creation's key as the service needs it: who, which key, and the body's fingerprint. */
export interface IdempotentRequest {
  staffId: number;
  key: string;
  requestHash: string;
}

/** The first answer to a key, for a retry. */
export interface RememberedAnswer {
  workOrderId: number;
  body: unknown;
}

/**
 * `Idempotency-Key` on work-order creation (as Stripe's): the same key from the same staff member
 * with the same body answers the first answer again; with another body, 422. The key is written in
 * the creation's own transaction (`remember`) under a unique index, so of two concurrent duplicates
 * only one commits; the other finds the first's answer (`find`). Keys are swept after a day.
 */
@Injectable()
export class IdempotencyKeysService implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('idempotency-keys');
  }

  onApplicationBootstrap(): void {
    this.job = this.jobs.create({
      name: 'work-orders:idempotency-key-sweep',
      intervalSeconds: SWEEP_INTERVAL_SECONDS,
      run: () => this.sweep(new Date(this.clock.now())),
      onError: (err: unknown) => this.logger.error({ err }, 'idempotency-key sweep failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** The request's key and fingerprint, or null without a key; 400 for a key that is not 1–255 visible ASCII characters. */
  static request(staffId: number, key: string | undefined, body: object): IdempotentRequest | null {
    if (key === undefined) return null;
    if (!KEY_PATTERN.test(key)) throw new BadRequestException('Idempotency-Key must be 1–255 visible ASCII characters (e.g. a UUID)');
    const fields = Object.entries(body)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { staffId, key, requestHash: createHash('sha256').update(JSON.stringify(fields)).digest('hex') };
  }

  /**
   * The first answer to this key, if it was used within the last day; 422 if it was used with
   * another body. An expired key that is not yet swept is removed, so it can be used afresh.
   */
  async find(request: IdempotentRequest): Promise<RememberedAnswer | null> {
    const rows: Array<{ id: number; requestHash: string; workOrderId: number; response: string; createdAt: Date | string }> = await this.db.query(
      'SELECT id, requestHash, workOrderId, response, createdAt FROM work_order_idempotency_key WHERE staffId = ? AND idempotencyKey = ?',
      [request.staffId, request.key],
    );
    const row = rows[0];
    if (!row) return null;
    if (asDate(row.createdAt).getTime() <= this.clock.now() - IDEMPOTENCY_KEY_TTL_MS) {
      await this.db.query('DELETE FROM work_order_idempotency_key WHERE id = ?', [row.id]);
      return null;
    }
    const body = JSON.parse(row.response) as { number?: string };
    if (row.requestHash !== request.requestHash) {
      throw new UnprocessableEntityException(
        `Idempotency-Key ${request.key} was already used with a different request body (it created work order ${body.number}); send a new key for a new work order`,
      );
    }
    return { workOrderId: Number(row.workOrderId), body };
  }

  /** Writes the keys of creations in their transaction: a duplicate key fails it (unique index). */
  async remember(tx: EntityManager, answers: ReadonlyArray<{ request: IdempotentRequest; workOrderId: number; body: unknown }>, now: Date): Promise<void> {
    await insertRows(
      tx,
      WorkOrderIdempotencyKey,
      answers.map(({ request, workOrderId, body }) =>
        tx.create(WorkOrderIdempotencyKey, {
          staffId: request.staffId,
          idempotencyKey: request.key,
          requestHash: request.requestHash,
          workOrderId,
          response: JSON.stringify(body),
          createdAt: now,
        }),
      ),
    );
  }

  /** Forgets keys older than a day; returns how many. */
  async sweep(now: Date): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(WorkOrderIdempotencyKey)
      .where('createdAt <= :before', { before: toSqlDateTime(new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)) })
      .execute();
    return result.affected ?? 0;
  }
}

function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
