import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupCommit } from '../database/group-commit';
import { TransactionRunner } from '../database/transaction-runner';
import { CallRecord } from './call-record.entity';
import { CallRecordsService } from './call-records.service';
import { WebhookReceiptsService } from './webhook-receipts.service';

/** A new call the IVR answers at once, with the webhook delivery that brought it and the IVR's answer. */
export interface IvrAnsweredCall {
  record: CallRecord;
  eventKey: string;
  answer: string;
}

/**
 * Writes the calls the IVR answers at once (no agent ready, or after hours) — most arrivals at a
 * peak, when the hotline is busiest. The calls arriving together are written together (group
 * commit): their records in one insert and their webhook receipts in another, one transaction for
 * all, and each webhook is answered once its call is committed. A batch that fails — a repeated
 * delivery's unique key, most often — keeps nothing, and each of its calls is then written alone as
 * before: a repeat rolls back and gets the first delivery's answer.
 */
@Injectable()
export class IvrAnsweredCallsService {
  private readonly batches: GroupCommit<IvrAnsweredCall, string>;

  constructor(records: CallRecordsService, receipts: WebhookReceiptsService, @InjectDataSource() db: DataSource) {
    const transactions = new TransactionRunner(db);
    this.batches = new GroupCommit(
      (calls) =>
        transactions.run(async (tx) => {
          await records.in(tx).insert(calls.map((c) => c.record));
          await receipts.insert(tx, calls.map((c) => ({ callSid: c.record.callSid, eventKey: c.eventKey, response: c.answer })));
          return calls.map((c) => c.answer);
        }),
      (call) =>
        receipts.onceInTransaction(call.record.callSid, call.eventKey, async (tx) => {
          await records.in(tx).open(call.record);
          return call.answer;
        }),
    );
  }

  /** Resolves with the answer for this delivery (the first delivery's, on a repeat) once it is committed. */
  record(call: IvrAnsweredCall): Promise<string> {
    return this.batches.submit(call);
  }
}
