import { Injectable } from '@nestjs/common';
import { RedisConnection } from '../redis/redis-connection';
import { LEASE_MS, RoutingLeadership } from '../routing/routing-leadership.service';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { insertRows } from '../database/insert-rows';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { WebhookReceipt } from './webhook-receipt.entity';

/**
 * Takes a webhook's claim over from `ARGV[1]` (a process that died handling it; '' when the claim has
 * no holder recorded) for `ARGV[2]`: one taker wins. KEYS: the claim's holder.
 */
const TAKE_CLAIM = `
local holder = redis.call('GET', KEYS[1]) or ''
if holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
/** How long a claim's holder is remembered: far longer than any webhook takes. */
const CLAIM_MS = 120_000;
/** A repeat waits this long for the first delivery's answer (one process: it is being handled here). */
const REPEAT_WAIT_MS = 2000;
/**
 * Several processes: a killed holder still looks alive until its alive key lapses (LEASE_MS after
 * its last report), so a repeat waits past that before giving up — else a caller whose webhook
 * reached a dying process got an empty answer (Twilio hangs up) instead of being handled here.
 */
const CLUSTERED_REPEAT_WAIT_MS = LEASE_MS + 3000;

/** Runs a webhook's handler once per (call, event); repeats get the first answer. */
@Injectable()
export class WebhookReceiptsService {
  constructor(
    @InjectRepository(WebhookReceipt) private readonly receipts: Repository<WebhookReceipt>,
    private readonly tx: TransactionRunner,
    private readonly redis: RedisConnection,
    private readonly leadership: RoutingLeadership,
  ) {}

  async once(callSid: string, eventKey: string, handle: () => string | Promise<string>): Promise<string> {
    // Plain statements: this runs twice on every webhook, and the unique index does the real work.
    try {
      await this.insert(this.receipts.manager, [{ callSid, eventKey, response: null }]); // claimed, not yet answered
    } catch (error) {
      // Only the receipt's unique key means "delivered before"; any other failure is a real one.
      if (!isUniqueViolation(error)) throw error;
      return this.firstAnswer(callSid, eventKey, handle);
    }
    // Several processes: who holds the claim, so a repeat can tell a slow first delivery from a dead one.
    this.redis.client?.set(this.claimKey(callSid, eventKey), this.leadership.processId, 'PX', CLAIM_MS).catch(() => undefined);
    return this.answer(callSid, eventKey, handle);
  }

  private async answer(callSid: string, eventKey: string, handle: () => string | Promise<string>): Promise<string> {
    const response = await handle();
    await this.receipts.query('UPDATE twilio_webhook_receipt SET response = ? WHERE callSid = ? AND eventKey = ?', [response, callSid, eventKey]);
    return response;
  }

  private claimKey(callSid: string, eventKey: string): string {
    return `${this.redis.keyPrefix}:webhook-claim:${callSid}:${eventKey}`;
  }

  /**
   * Several processes: the first delivery's process was killed while handling it (the load balancer
   * sent the repeat on to this one), so nobody will ever answer its claim — this delivery takes it
   * over and handles the webhook. A live holder (or one process, no Redis) is waited for.
   */
  private async takeOverDeadClaim(callSid: string, eventKey: string): Promise<boolean> {
    const client = this.redis.client;
    if (!client) return false;
    const key = this.claimKey(callSid, eventKey);
    const holder = (await client.get(key)) ?? '';
    if (holder && (await this.leadership.isAlive(holder))) return false;
    return (await client.eval(TAKE_CLAIM, 1, key, holder, this.leadership.processId, String(CLAIM_MS))) === 1;
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
      return this.firstAnswer(callSid, eventKey, null); // a repeat: its transaction rolled back
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

  /**
   * The answer the first delivery got; waits briefly if that delivery is still being handled — and
   * handles it itself (`handle`) if the process handling it died.
   */
  private async firstAnswer(callSid: string, eventKey: string, handle: (() => string | Promise<string>) | null): Promise<string> {
    const deadline = Date.now() + (this.redis.enabled ? CLUSTERED_REPEAT_WAIT_MS : REPEAT_WAIT_MS);
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const receipt = await this.receipts.findOneBy({ callSid, eventKey });
      if (receipt?.response) return receipt.response;
      if (handle && attempt % 5 === 4 && (await this.takeOverDeadClaim(callSid, eventKey).catch(() => false))) {
        return this.answer(callSid, eventKey, handle);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  }
}
