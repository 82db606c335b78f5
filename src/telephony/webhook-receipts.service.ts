import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { toSqlDateTime } from '../database/sql-datetime';
import { TransactionRunner } from '../database/transaction-runner';
import { WebhookReceipt } from './webhook-receipt.entity';

/** Runs a webhook's handler once per (call, event); repeats get the first answer. */
@Injectable()
export class WebhookReceiptsService {
  private readonly tx: TransactionRunner;

  constructor(@InjectRepository(WebhookReceipt) private readonly receipts: Repository<WebhookReceipt>, @InjectDataSource() db: DataSource) {
    this.tx = new TransactionRunner(db);
  }

  async once(callSid: string, eventKey: string, handle: () => Promise<string>): Promise<string> {
    // Plain statements: this runs twice on every webhook, and the unique index does the real work.
    try {
      await this.receipts.query('INSERT INTO twilio_webhook_receipt (callSid, eventKey, receivedAt, response) VALUES (?, ?, ?, NULL)', [callSid, eventKey, toSqlDateTime(new Date())]);
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
      return this.firstAnswer(callSid, eventKey);
    }
    const response = await handle();
    await this.receipts.query('UPDATE twilio_webhook_receipt SET response = ? WHERE callSid = ? AND eventKey = ?', [response, callSid, eventKey]);
    return response;
  }

  /**
   * The same, with the receipt and the handler's writes in one transaction — one commit, so one log
   * flush on MariaDB instead of three. The handler makes all its reads and writes through `tx` (so a
   * webhook never holds two pooled connections). A repeat delivered meanwhile waits for the first
   * delivery's commit (MariaDB's lock on the receipt's unique key; SQLite's transactions are queued)
   * and then gets its answer. If the handler fails nothing is kept, and Twilio's retry is handled afresh.
   */
  async onceInTransaction(callSid: string, eventKey: string, handle: (tx: EntityManager) => Promise<string>): Promise<string> {
    const handled = await this.tx.run(async (tx) => {
      try {
        await tx.query('INSERT INTO twilio_webhook_receipt (callSid, eventKey, receivedAt, response) VALUES (?, ?, ?, NULL)', [callSid, eventKey, toSqlDateTime(new Date())]);
      } catch (error) {
        if (!(error instanceof QueryFailedError)) throw error;
        return null; // a repeat: nothing written, the transaction commits empty
      }
      const response = await handle(tx);
      await tx.query('UPDATE twilio_webhook_receipt SET response = ? WHERE callSid = ? AND eventKey = ?', [response, callSid, eventKey]);
      return { response };
    });
    return handled ? handled.response : this.firstAnswer(callSid, eventKey);
  }

  /** The answer the first delivery got; waits briefly if that delivery is still being handled. */
  private async firstAnswer(callSid: string, eventKey: string): Promise<string> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const receipt = await this.receipts.findOneBy({ callSid, eventKey });
      if (receipt?.response) return receipt.response;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  }
}
