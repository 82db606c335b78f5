import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { WebhookReceipt } from './webhook-receipt.entity';

/** Runs a webhook's handler once per (call, event); repeats get the first answer. */
@Injectable()
export class WebhookReceiptsService {
  constructor(@InjectRepository(WebhookReceipt) private readonly receipts: Repository<WebhookReceipt>) {}

  async once(callSid: string, eventKey: string, handle: () => Promise<string>): Promise<string> {
    try {
      await this.receipts.insert({ callSid, eventKey, receivedAt: new Date(), response: null });
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
      return this.firstAnswer(callSid, eventKey);
    }
    const response = await handle();
    await this.receipts.update({ callSid, eventKey }, { response });
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
