import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { toSqlDateTime } from '../database/sql-datetime';
import { WebhookReceipt } from './webhook-receipt.entity';

/** Runs a webhook's handler once per (call, event); repeats get the first answer. */
@Injectable()
export class WebhookReceiptsService {
  constructor(@InjectRepository(WebhookReceipt) private readonly receipts: Repository<WebhookReceipt>) {}

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
