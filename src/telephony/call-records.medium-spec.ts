import { DataSource, In } from 'typeorm';
import { MediumContext, newMediumService } from '../../test/support/medium';
import { TransactionCounter } from '../../test/support/transaction-counter';
import { sqlPlaceholders } from '../database/sql-placeholders';
import { RedisModule } from '../redis/redis.module';
import { RoutingLeadership } from '../routing/routing-leadership.service';
import { CustomerLookupService } from '../customers/customer-lookup.service';
import { CALLER_LOOKUP, PRIORITY } from './caller-lookup';
import { CallOffer } from './call-offer.entity';
import { CallRecord } from './call-record.entity';
import { CallRecordsService } from './call-records.service';
import { IvrAnsweredCallsService } from './ivr-answered-calls.service';
import { WebhookReceipt } from './webhook-receipt.entity';
import { WebhookReceiptsService } from './webhook-receipts.service';

/** Writing and reading call records — the group commit of IVR-answered calls, the plain reads — against the real database of the run (SQLite or MariaDB). */
describe('call records: group commit and reads (medium, real database)', () => {
  let ctx: MediumContext<IvrAnsweredCallsService>;
  let db: DataSource;
  let service: IvrAnsweredCallsService;
  let records: CallRecordsService;
  const transactions = new TransactionCounter();

  beforeAll(async () => {
    ctx = await newMediumService(IvrAnsweredCallsService, {
      // One process, no Redis: the receipts' claims and the routing leadership are this process's own.
      imports: [RedisModule],
      providers: [CallRecordsService, WebhookReceiptsService, RoutingLeadership, { provide: CALLER_LOOKUP, useClass: CustomerLookupService }],
      entities: [CallRecord, CallOffer, WebhookReceipt],
    });
    ({ db, sut: service } = ctx);
    records = ctx.get(CallRecordsService);
    transactions.watch(db);
  });
  afterAll(() => ctx.close());
  beforeEach(() => transactions.reset());

  let next = 0;
  const newCall = (fromNumber = '+8613700000001') => {
    const callSid = 'CA' + (0xa11ce000 + next++).toString(16).padStart(32, '0');
    return {
      record: records.newRecord({ callSid, direction: 'inbound', fromNumber, toNumber: '4008001234', answeredBy: 'ivr', status: 'ivr' }),
      prioritise: true,
      eventKey: `incoming:${callSid}`,
      answer: `<Response><Say>${callSid}</Say></Response>`,
    };
  };
  const stored = async (sids: string[]) => ({
    records: (await db.query(`SELECT callSid FROM call_record WHERE callSid IN (${sqlPlaceholders(sids)}) ORDER BY callSid`, sids)).map(
      (r: { callSid: string }) => r.callSid,
    ),
    receipts: await db.query(
      `SELECT callSid, eventKey, response FROM twilio_webhook_receipt WHERE callSid IN (${sqlPlaceholders(sids)}) ORDER BY callSid`,
      sids,
    ),
  });

  it('writes calls that arrive together in one transaction, each with its receipt and answer', async () => {
    const calls = Array.from({ length: 30 }, () => newCall());
    const answers = await Promise.all(calls.map((c) => service.record(c)));
    expect(answers).toEqual(calls.map((c) => c.answer));
    expect(transactions).toEqual({ committed: 1, rolledBack: 0 });
    const sids = calls.map((c) => c.record.callSid);
    const { records: written, receipts } = await stored(sids);
    expect(written).toEqual([...sids].sort());
    expect(receipts).toEqual(
      calls.map((c) => ({ callSid: c.record.callSid, eventKey: c.eventKey, response: c.answer })).sort((a, b) => a.callSid.localeCompare(b.callSid)),
    );
  });

  it('keeps a batch holding a repeated delivery correct: the new calls are written, the repeat gets the first answer', async () => {
    const earlier = newCall();
    await service.record(earlier);
    transactions.committed = 0;
    const fresh = Array.from({ length: 5 }, () => newCall());
    // The repeat arrives with a different answer built for it; the first delivery's answer stands.
    const repeat = { ...earlier, answer: '<Response><Say>second</Say></Response>' };
    const answers = await Promise.all([...fresh, repeat].map((c) => service.record(c)));
    expect(answers).toEqual([...fresh.map((c) => c.answer), earlier.answer]);
    expect(transactions.rolledBack).toBeGreaterThanOrEqual(2); // the batch, and the repeat on its own
    const sids = [earlier, ...fresh].map((c) => c.record.callSid);
    const { records: written, receipts } = await stored(sids);
    expect(written).toEqual([...sids].sort());
    expect(receipts).toHaveLength(6);
    expect(await db.getRepository('CallRecord').countBy({ callSid: In(sids) })).toBe(6);
  });

  it('looks the batch’s callers up in its transaction: a VIP goes ahead, an unknown caller does not', async () => {
    const now = '2026-12-01 10:00:00.000';
    await db.query("INSERT INTO customer (name, memberNumber, vip, addresses, createdAt, updatedAt) VALUES ('贵宾', NULL, 1, '[]', ?, ?)", [now, now]);
    const [{ id }] = await db.query('SELECT MAX(id) AS id FROM customer');
    await db.query('INSERT INTO customer_phone (customerId, phone, addedAt) VALUES (?, ?, ?)', [id, '+8613712345678', now]);
    const vip = newCall('+8613712345678');
    const stranger = newCall('+8613787654321');
    const afterHours = { ...newCall('+8613712345678'), prioritise: false };
    await Promise.all([vip, stranger, afterHours].map((c) => service.record(c)));
    expect(transactions.committed).toBe(1);
    const priorities = await db.query('SELECT callSid, priority FROM call_record WHERE callSid IN (?, ?, ?)', [
      vip.record.callSid,
      stranger.record.callSid,
      afterHours.record.callSid,
    ]);
    expect(Object.fromEntries(priorities.map((r: { callSid: string; priority: number }) => [r.callSid, Number(r.priority)]))).toEqual({
      [vip.record.callSid]: PRIORITY.vip,
      [stranger.record.callSid]: PRIORITY.normal,
      [afterHours.record.callSid]: PRIORITY.normal,
    });
  });

  it('reads a record back (CallRecordsService.find, plain SELECT) exactly as TypeORM’s find hydrates it', async () => {
    const call = { ...newCall('+8613700000099'), prioritise: false };
    Object.assign(call.record, {
      queueCode: 'orders',
      priority: 10,
      agentJobNumber: '1001',
      connectedAt: new Date('2026-12-01T02:00:05.123Z'),
      waitSeconds: 5,
    });
    await service.record(call);
    await records.ended(call.record, 'answered');
    const mine = await records.find(call.record.callSid);
    expect(mine).toBeInstanceOf(CallRecord);
    expect(mine).toEqual(await db.getRepository(CallRecord).findOneBy({ callSid: call.record.callSid }));
    expect(mine).toMatchObject({
      priority: 10,
      connectedAt: new Date('2026-12-01T02:00:05.123Z'),
      outcome: 'answered',
      status: 'ended',
      dispositionCode: null,
    });
    expect(await records.find('CA' + 'f'.repeat(32))).toBeNull();
  });

  it('counts an agent’s answer once: a ring recorded twice at once, and an answer heard twice at once, leave one answered offer', async () => {
    // Several calls at once, so the two requests of each interleave on a pooled database too.
    const calls = Array.from({ length: 8 }, () => newCall().record);
    for (const record of calls) await records.open(record);
    await Promise.all(
      calls.map(async (record) => {
        // Two processes ask for the same ring at the same moment (a take-over): neither finds the other's row yet.
        await Promise.all([records.offered(record.callSid, ['1001']), records.offered(record.callSid, ['1001', '1002'])]);
        // The agent leg's answer and the <Dial> action's, at once.
        await Promise.all([records.connected(record.callSid, '1001'), records.connected(record.callSid, '1001')]);
      }),
    );
    for (const record of calls) {
      const offers = (await records.offersFor(record.callSid)).map((o) => [o.agentJobNumber, o.result]);
      expect(offers.filter(([agent, result]) => agent === '1001' && result === 'answered')).toHaveLength(1);
      expect(offers.filter(([agent]) => agent === '1001')).toHaveLength(1);
      expect(offers.filter(([agent]) => agent === '1002')).toEqual([['1002', null]]);
    }
  });
});
