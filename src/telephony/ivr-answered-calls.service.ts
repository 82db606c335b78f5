import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GroupCommit } from '../database/group-commit';
import { TransactionRunner } from '../database/transaction-runner';
import { MetricsRegistry } from '../metrics/metrics';
import { CALLER_LOOKUP, CallerLookup, priorityOf } from './caller-lookup';
import { CallRecord } from './call-record.entity';
import { CallRecordsService } from './call-records.service';
import { WebhookReceiptsService } from './webhook-receipts.service';

/** A new call the IVR answers at once, with the webhook delivery that brought it and the IVR's answer. */
export interface IvrAnsweredCall {
  record: CallRecord;
  /** Look the caller up first: VIPs and repeat callers get their priority (绿色通道). */
  prioritise: boolean;
  eventKey: string;
  answer: string;
}

/**
 * Writes the calls the IVR answers at once (no agent ready, or after hours) — most arrivals at a
 * peak, when the hotline is busiest. The calls arriving together are written together (group
 * commit): their callers looked up in one statement, their records in one insert and their webhook
 * receipts in another, one transaction for all, and each webhook is answered once its call is
 * committed. A batch that fails — a repeated
 * delivery's unique key, most often — keeps nothing, and each of its calls is then written alone as
 * before: a repeat rolls back and gets the first delivery's answer.
 */
@Injectable()
export class IvrAnsweredCallsService {
  private readonly batches: GroupCommit<IvrAnsweredCall, string>;

  constructor(
    records: CallRecordsService,
    receipts: WebhookReceiptsService,
    transactions: TransactionRunner,
    metrics: MetricsRegistry,
    @Optional() @Inject(CALLER_LOOKUP) private readonly callers?: CallerLookup,
  ) {
    this.batches = new GroupCommit(
      (calls) =>
        transactions.run(async (tx) => {
          await this.prioritise(calls, tx);
          await records.in(tx).insert(calls.map((c) => c.record));
          await receipts.insert(
            tx,
            calls.map((c) => ({ callSid: c.record.callSid, eventKey: c.eventKey, response: c.answer })),
          );
          return calls.map((c) => c.answer);
        }),
      (call) =>
        receipts.onceInTransaction(call.record.callSid, call.eventKey, async (tx) => {
          await this.prioritise([call], tx);
          await records.in(tx).open(call.record);
          return call.answer;
        }),
      // MariaDB runs transactions side by side: a few batches at once keep the server busy while one
      // waits on its round trips; SQLite's queue one behind the other anyway.
      { concurrency: transactions.engine === 'mysql' ? 4 : 1, onWritten: metrics.groupCommitObserver('ivr_calls') },
    );
  }

  /** A failed lookup only costs the callers their priority. */
  private async prioritise(calls: IvrAnsweredCall[], tx: EntityManager): Promise<void> {
    const asking = calls.filter((c) => c.prioritise);
    if (!this.callers || asking.length === 0) return;
    const standings = await this.callers
      .lookupMany(
        asking.map((c) => c.record.fromNumber),
        tx,
      )
      .catch(() => asking.map(() => null));
    asking.forEach((call, i) => (call.record.priority = priorityOf(standings[i])));
  }

  /** Resolves with the answer for this delivery (the first delivery's, on a repeat) once it is committed. */
  record(call: IvrAnsweredCall): Promise<string> {
    return this.batches.submit(call);
  }
}
