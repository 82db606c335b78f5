import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { insertRows } from '../database/insert-rows';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { WebhookReceipt } from './webhook-receipt.entity';

/** Runs a webhook's handler once per (call, event); repeats get the first answer. */
@Injectable()
export class WebhookReceiptsService {
  constructor(
    @InjectRepository(WebhookReceipt) private readonly receipts: Repository<WebhookReceipt>,
    private readonly tx: TransactionRunner,
  ) {}

  async once(callSid: string, eventKey: string, handle: () => string | Promise<string>): Promise<string> {
    // Plain statements: this runs twice on every webhook, and the unique index does the real work.
    try {
      await this.insert(this.receipts.manager, [{ callSid, eventKey, response: null }]); // claimed, not yet answered
    } catch (error) {
      // Only the receipt's unique key means "delivered before"; any other failure is a real one.
      if (!isUniqueViolation(error)) throw error;
      return this.firstAnswer(callSid, eventKey);
    }
    const response = await handle();
    await this.receipts.query('UPDATE twilio_webhook_receipt SET response = ? WHERE callSid = ? AND eventKey = ?', [response, callSid, eventKey]);
    return response;
  }

  /**
   * The same for a handler whose only effects are its reads and writes through `tx`: the handler's
   * writes and the receipt, with its answer, are one transaction — one commit (one log flush on
   * MariaDB) instead of three, and one pooled connection instead of one per statement. The receipt is written
   * last, so a repeat is found out by a unique key: the handler's own (the call record's CallSid),
   * where MariaDB makes it wait for the first delivery's commit, or the receipt's. Either way the
   * repeat's transaction keeps nothing and it gets the first answer. If the handler fails nothing is
   * kept, and Twilio's retry is handled afresh.
   */
  async onceInTransaction(callSid: string, eventKey: string, handle: (tx: EntityManager) => Promise<string>): Promise<string> {
    try {
      return await this.tx.run(async (tx) => {
        const answer = await handle(tx);
        await this.insert(tx, [{ callSid, eventKey, response: answer }]);
        return answer;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.firstAnswer(callSid, eventKey); // a repeat: its transaction rolled back
    }
  }

  /** Receipts with their answers (null: claimed, still being handled), in one statement, through `tx`. */
  async insert(tx: EntityManager, receipts: Array<{ callSid: string; eventKey: string; response: string | null }>): Promise<void> {
    const receivedAt = new Date();
    await insertRows(
      tx,
      WebhookReceipt,
      receipts.map((r) => tx.create(WebhookReceipt, { ...r, receivedAt })),
    );
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
