import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { hydrateRow } from '../database/hydrate-row';
import { insertRows } from '../database/insert-rows';
import { toSqlDateTime } from '../database/sql-datetime';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { CallOffer, OfferResult } from './call-offer.entity';
import { CallOutcome, CallRecord } from './call-record.entity';
import { ListCallsQuery } from './calls/dtos/calls.dto';

/** What opening a call's record needs; the rest defaults (`newRecord`). */
export type NewCallRecord = Pick<CallRecord, 'callSid' | 'direction' | 'fromNumber' | 'toNumber'> & Partial<CallRecord>;

/** The columns a call's record is opened with; the rest (disposition, …) keep their defaults. */
const OPENING_COLUMNS = [
  'callSid',
  'direction',
  'fromNumber',
  'toNumber',
  'arrivedAt',
  'answeredAt',
  'answeredBy',
  'connectedAt',
  'agentJobNumber',
  'queueCode',
  'priority',
  'status',
  'outcome',
  'endedAt',
  'waitSeconds',
  'recordingUrl',
  'segment',
  'originCallSid',
] as const;

/**
 * Call detail records. Every write only moves a call forward — first answer, connection and end are
 * set once — so repeated and out-of-order Twilio callbacks cannot corrupt a record.
 */
@Injectable()
export class CallRecordsService {
  constructor(
    @InjectRepository(CallRecord) private readonly calls: Repository<CallRecord>,
    @InjectRepository(CallOffer) private readonly offers: Repository<CallOffer>,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /** The same service over a transaction: its reads and writes commit (or roll back) with it. */
  in(tx: EntityManager): CallRecordsService {
    return new CallRecordsService(tx.getRepository(CallRecord), tx.getRepository(CallOffer), this.clock);
  }

  now(): Date {
    return new Date(this.clock.now());
  }

  /** Read several times in every call's life: a plain SELECT, hydrated by the driver as TypeORM's find would. */
  async find(callSid: string): Promise<CallRecord | null> {
    const rows: Array<Record<string, unknown>> = await this.calls.query('SELECT * FROM call_record WHERE callSid = ?', [callSid]);
    return rows.length === 0 ? null : hydrateRow(this.calls.manager, CallRecord, rows[0]);
  }

  async get(callSid: string): Promise<CallRecord> {
    const record = await this.find(callSid);
    if (!record) throw new NotFoundException(`No call ${callSid}`);
    return record;
  }

  /** A new call's record, not yet written (defaults for everything the caller does not give). */
  newRecord(input: NewCallRecord): CallRecord {
    // A plain entity object (repository.create's transformer is a few per cent of the webhook's CPU).
    return Object.assign(new CallRecord(), {
      arrivedAt: this.now(),
      status: 'ringing',
      priority: 0,
      segment: 0,
      answeredAt: null,
      answeredBy: null,
      connectedAt: null,
      agentJobNumber: null,
      queueCode: null,
      outcome: null,
      endedAt: null,
      waitSeconds: null,
      recordingUrl: null,
      originCallSid: null,
      conferenceName: null,
      ...input,
    });
  }

  /** Opens a call's record in one insert (Twilio's retries are stopped earlier, by the webhook receipt). */
  async open(input: NewCallRecord): Promise<CallRecord> {
    const record = this.newRecord(input);
    try {
      await this.insert([record]);
      return record;
    } catch (error) {
      const existing = await this.find(input.callSid);
      if (existing) return existing;
      throw error;
    }
  }

  /** One plain multi-row INSERT: this runs on every incoming call. */
  async insert(records: CallRecord[]): Promise<void> {
    await insertRows(this.calls.manager, CallRecord, records, OPENING_COLUMNS);
  }

  /** The IVR picked up (greeting, menu, after-hours message) — counts as the first answer. */
  async answerByIvr(callSid: string): Promise<void> {
    const now = this.now();
    await this.calls.update({ callSid, answeredAt: IsNull() }, { answeredAt: now, answeredBy: 'ivr' });
    await this.calls.update({ callSid, status: 'ringing' }, { status: 'ivr' });
  }

  async update(
    callSid: string,
    changes: Partial<Pick<CallRecord, 'queueCode' | 'priority' | 'status' | 'recordingUrl' | 'segment' | 'conferenceName' | 'agentJobNumber'>>,
  ): Promise<void> {
    await this.calls.update({ callSid, endedAt: IsNull() }, changes);
  }

  /** The call's recording: available only after the room it recorded ended (usually the call with it), so not held to `update`'s live calls. */
  async setRecording(callSid: string, recordingUrl: string): Promise<void> {
    await this.calls.update({ callSid }, { recordingUrl });
  }

  /** The agent's disposition (小结): taken in wrap-up, after the call ended, so not held to `update`'s live calls. */
  async setDisposition(callSid: string, disposition: Pick<CallRecord, 'dispositionCode' | 'dispositionNote' | 'dispositionAt'>): Promise<void> {
    await this.calls.update({ callSid }, disposition);
  }

  /**
   * Agents rung for the call. One still ringing for it is the same offer, not a second one: the
   * ring can be asked for twice (a webhook retried after the process answering it died, a new
   * routing leader carrying out what its predecessor may not have).
   */
  async offered(callSid: string, agentJobNumbers: string[]): Promise<void> {
    const offeredAt = this.now();
    const ringing = new Set((await this.offers.find({ where: { callSid, result: IsNull() }, select: { agentJobNumber: true } })).map((o) => o.agentJobNumber));
    const rows = agentJobNumbers.filter((agentJobNumber) => !ringing.has(agentJobNumber));
    if (rows.length) await this.offers.insert(rows.map((agentJobNumber) => ({ callSid, agentJobNumber, offeredAt, result: null, resultAt: null })));
    await this.calls.update({ callSid, endedAt: IsNull() }, { status: 'offered' });
  }

  async offerResult(callSid: string, agentJobNumber: string, result: OfferResult): Promise<void> {
    await this.offers.update({ callSid, agentJobNumber, result: IsNull() }, { result, resultAt: this.now() });
  }

  /** An agent picked up: the first answer if the IVR had not answered yet. */
  async connected(callSid: string, agentJobNumber: string): Promise<void> {
    const now = this.now();
    const record = await this.get(callSid);
    if (record.endedAt) return;
    await this.calls.update({ callSid, answeredAt: IsNull() }, { answeredAt: now, answeredBy: 'agent' });
    // The engine may have called the call abandoned before this connect landed (it heard the end
    // before the answer): a call an agent was connected to is answered, in the same statement.
    await this.calls.query(
      'UPDATE call_record SET connectedAt = ?, waitSeconds = ?, ' +
        "outcome = CASE WHEN outcome = 'abandoned' THEN 'answered' ELSE outcome END " +
        'WHERE callSid = ? AND connectedAt IS NULL',
      [toSqlDateTime(now), Math.round((now.getTime() - record.arrivedAt.getTime()) / 1000), callSid],
    );
    await this.calls.update({ callSid, endedAt: IsNull() }, { status: 'connected', agentJobNumber });
    await this.offerAnswered(callSid, agentJobNumber);
  }

  /**
   * The agent's answer settles their ring, once. The same ring can have been recorded twice (two
   * processes asking for it at the same moment during a take-over, each finding no row yet): the
   * extra rows are not offers, so they go before the newest is marked answered — in that order, so
   * an answer heard twice at once (the agent leg's callback and the `<Dial>` action) finds no
   * second ringing row to mark.
   */
  private async offerAnswered(callSid: string, agentJobNumber: string): Promise<void> {
    const [ringing] = await this.offers.find({ where: { callSid, agentJobNumber, result: IsNull() }, order: { id: 'DESC' }, take: 1, select: { id: true } });
    if (!ringing) return;
    await this.offers.delete({ callSid, agentJobNumber, result: IsNull(), id: Not(ringing.id) });
    await this.offers.update({ id: ringing.id, result: IsNull() }, { result: 'answered', resultAt: this.now() });
  }

  /**
   * The routing engine's verdict; the first one stands. Never `abandoned` for a call an agent was
   * connected to: the engine can hear the call's end before the answer the webhooks already wrote
   * (connectedAt), so the condition is on the row, in the one statement, not on what was read.
   */
  async outcome(callSid: string, outcome: CallOutcome, waitSeconds?: number): Promise<void> {
    await this.calls.query(
      `UPDATE call_record SET outcome = ?${waitSeconds === undefined ? '' : ', waitSeconds = ?'} ` +
        "WHERE callSid = ? AND outcome IS NULL AND (? <> 'abandoned' OR connectedAt IS NULL)",
      [outcome, ...(waitSeconds === undefined ? [] : [waitSeconds]), callSid, outcome],
    );
  }

  /**
   * The call is over: ended now unless it already was, how long the caller waited if no agent took
   * the call, the outcome unless the engine gave one (`outcome`, or one for a call an agent was
   * connected to and one for the rest), and offers still ringing cancelled. `record`:
   * the call as its caller read it (for its arrival). One statement per table, on the hot path of
   * every call's end; SET reads the old row on SQLite and the new one left to right on MySQL, so
   * `endedAt` goes last and nothing reads a column set before it.
   */
  async ended(record: Pick<CallRecord, 'callSid' | 'arrivedAt'>, outcome: CallOutcome | { ifConnected: CallOutcome; otherwise: CallOutcome }): Promise<void> {
    const { ifConnected, otherwise } = typeof outcome === 'string' ? { ifConnected: outcome, otherwise: outcome } : outcome;
    const now = this.now();
    const waited = Math.round((now.getTime() - record.arrivedAt.getTime()) / 1000);
    await this.calls.query(
      'UPDATE call_record SET ' +
        "status = CASE WHEN endedAt IS NULL THEN 'ended' ELSE status END, " +
        'waitSeconds = CASE WHEN connectedAt IS NULL AND waitSeconds IS NULL THEN ? ELSE waitSeconds END, ' +
        'outcome = COALESCE(outcome, CASE WHEN connectedAt IS NULL THEN ? ELSE ? END), ' +
        'endedAt = COALESCE(endedAt, ?) ' +
        'WHERE callSid = ?',
      [waited, otherwise, ifConnected, toSqlDateTime(now), record.callSid],
    );
    await this.offers.query('UPDATE call_offer SET result = ?, resultAt = ? WHERE callSid = ? AND result IS NULL', [
      'cancelled',
      toSqlDateTime(now),
      record.callSid,
    ]);
  }

  /** Offers still ringing are withdrawn (a restart took the call back from the agents rung). */
  async withdrawOffers(callSid: string): Promise<void> {
    await this.offers.update({ callSid, result: IsNull() }, { result: 'cancelled', resultAt: this.now() });
  }

  /** The calls out (外呼, 回访) still going on of these agents, newest first (the wallboard's agents on a call out). */
  async openCallsOut(jobNumbers: string[]): Promise<CallRecord[]> {
    if (jobNumbers.length === 0) return [];
    return this.calls.find({
      where: { agentJobNumber: In(jobNumbers), endedAt: IsNull(), direction: Not('inbound') },
      order: { arrivedAt: 'DESC', id: 'DESC' },
    });
  }

  /** Calls arrived since `since` and not yet ended, oldest first (restart recovery; `IDX_call_record_arrived` bounds the walk). */
  async unendedSince(since: Date): Promise<CallRecord[]> {
    return this.calls.find({ where: { endedAt: IsNull(), arrivedAt: MoreThanOrEqual(since) }, order: { arrivedAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Since `since`: inbound calls whose caller hung up to be called back from their place in a queue,
   * and the calls those callbacks were placed for (restart recovery tells the owed ones apart).
   */
  async callbacksSince(since: Date): Promise<{ requested: CallRecord[]; placed: string[] }> {
    const requested = await this.calls
      .createQueryBuilder('c')
      .where('c.arrivedAt >= :since AND c.direction = :inbound AND c.outcome = :callback AND c.queueCode IS NOT NULL AND c.endedAt IS NOT NULL', {
        since: toSqlDateTime(since),
        inbound: 'inbound',
        callback: 'callback',
      })
      .orderBy('c.arrivedAt', 'ASC')
      .getMany();
    if (requested.length === 0) return { requested, placed: [] };
    const placed: Array<{ originCallSid: string }> = await this.calls.query(
      'SELECT originCallSid FROM call_record WHERE arrivedAt >= ? AND direction = ? AND originCallSid IS NOT NULL',
      [toSqlDateTime(since), 'outbound-callback'],
    );
    return { requested, placed: placed.map((row) => row.originCallSid) };
  }

  offersFor(callSid: string): Promise<CallOffer[]> {
    return this.offers.find({ where: { callSid }, order: { id: 'ASC' } });
  }

  /** Newest first, paged by a cursor on (arrivedAt, id) — `IDX_call_record_arrived` and its siblings walk it without a sort. */
  async list(query: ListCallsQuery): Promise<{ items: CallRecord[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const qb = this.calls
      .createQueryBuilder('c')
      .orderBy('c.arrivedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (query.queue) qb.andWhere('c.queueCode = :queue', { queue: query.queue });
    if (query.agent) qb.andWhere('c.agentJobNumber = :agent', { agent: query.agent });
    if (query.outcome) qb.andWhere('c.outcome = :outcome', { outcome: query.outcome });
    if (query.from) qb.andWhere('c.arrivedAt >= :from', { from: toSqlDateTime(instantOrThrow(query.from, 'from')) });
    if (query.to) qb.andWhere('c.arrivedAt <= :to', { to: toSqlDateTime(instantOrThrow(query.to, 'to')) });
    if (query.cursor) {
      const [arrivedAt, id] = decodeCursor('c', query.cursor, 2);
      const at = new Date(arrivedAt);
      if (!inDatabaseRange(at)) throw new BadRequestException('cursor is not a cursor this API gave out');
      qb.andWhere('(c.arrivedAt < :at OR (c.arrivedAt = :at AND c.id < :id))', { at: toSqlDateTime(at), id });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor('c', last.arrivedAt.getTime(), last.id) : null };
  }
}

/** An ISO 8601 instant the database can hold (years 1000–9999), else 400 naming the field. */
function instantOrThrow(text: string, field: string): Date {
  const at = new Date(text);
  if (!inDatabaseRange(at)) throw new BadRequestException(`${field} must be an instant between the years 1000 and 9999`);
  return at;
}

function inDatabaseRange(at: Date): boolean {
  const year = at.getUTCFullYear();
  return !Number.isNaN(at.getTime()) && year >= 1000 && year <= 9999;
}
