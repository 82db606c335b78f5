import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { OutboxDelivery, OutboxHandlers, PermanentDeliveryError } from './outbox-handlers';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/** Answers that mean "this request will never be taken" (bad body, unknown order): retrying cannot help. */
const isPermanent = (status: number) => status >= 400 && status < 500 && ![408, 425, 429].includes(status);

/**
 * The default transport: each message POSTed as JSON to ORDER_SYSTEM_WEBHOOK_URL, signed with
 * ORDER_SYSTEM_WEBHOOK_SECRET (`X-Hotline-Signature`, see webhook-signature.ts), its key in
 * `Idempotency-Key`. A 2xx is delivered; a timeout, a network error, a 5xx, 408 or 429 is retried;
 * any other 4xx dead-letters the message at once. Takes every topic no other handler claims.
 */
@Injectable()
export class OrderSystemWebhook implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  onModuleInit(): void {
    this.handlers.register('', (message) => this.post(message));
  }

  async post(message: OutboxDelivery): Promise<void> {
    const url = this.config.ORDER_SYSTEM_WEBHOOK_URL;
    if (!url) throw new Error('ORDER_SYSTEM_WEBHOOK_URL is not set: the order system cannot be reached');
    const body = JSON.stringify({
      id: message.idempotencyKey,
      topic: message.topic,
      key: message.key,
      occurredAt: message.createdAt.toISOString(),
      payload: message.payload,
    });
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Idempotency-Key': message.idempotencyKey,
      'X-Hotline-Topic': message.topic,
      'X-Hotline-Attempt': String(message.attempt),
    };
    const secret = this.config.ORDER_SYSTEM_WEBHOOK_SECRET;
    if (secret) headers[SIGNATURE_HEADER] = signWebhook(secret, body, Math.floor(this.clock.now() / 1000));
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.config.ORDER_SYSTEM_WEBHOOK_TIMEOUT_MS) });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      const why =
        (err as Error).name === 'TimeoutError' ? `no answer within ${this.config.ORDER_SYSTEM_WEBHOOK_TIMEOUT_MS} ms` : (code ?? (err as Error).message);
      throw new Error(`order system not reached: ${why}`, { cause: err });
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const text = (await response.text().catch(() => '')).slice(0, 300);
    const reason = `order system answered ${response.status}${text ? `: ${text}` : ''}`;
    throw isPermanent(response.status) ? new PermanentDeliveryError(reason) : new Error(reason);
  }
}
