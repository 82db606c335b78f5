import { SANDBOX_DEFAULT_BYOC_TRUNK_SID } from '@hotline/twilio-sandbox';
import { DataSource } from 'typeorm';
import { CallbackSchedulerService } from '../src/quality/callbacks/callback-scheduler.service';
import { CallbackVisit } from '../src/quality/callbacks/callback-visit.entity';
import { SpotChecksService } from '../src/quality/spot-checks/spot-checks.service';
import { MONDAY_10AM_CHINA, startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

const MINUTE = 60_000;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
type Http = TestApp['http'];

/** Through the real API: create → assign → start → solution → acceptance → close. Returns the order and its close audit entry. */
async function closedOrder(http: Http, agent: string, opts: { phone?: string; unit?: string; terminal?: string } = {}) {
  const created = await http
    .post('/work-orders')
    .set(auth(agent))
    .send({
      channel: 'hotline',
      type: 'complaint',
      category: 'late_delivery',
      terminal: opts.terminal ?? 'logistics',
      customerPhone: opts.phone ?? '13800138000',
      description: '冰箱三天未送到 fridge not delivered',
    })
    .expect(201);
  const n = created.body.number as string;
  await http
    .post(`/work-orders/${n}/assign`)
    .set(auth(agent))
    .send({ unitCode: opts.unit ?? 'L001' })
    .expect(200);
  await http.post(`/work-orders/${n}/start`).set(auth(agent)).send({}).expect(200);
  await http.post(`/work-orders/${n}/solution`).set(auth(agent)).send({ solution: '明天上午补送 redeliver tomorrow morning' }).expect(200);
  await http.post(`/work-orders/${n}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'in_person' }).expect(200);
  const closed = await http.post(`/work-orders/${n}/close`).set(auth(agent)).send({}).expect(200);
  const trail = (await http.get(`/work-orders/${n}/audit`).set(auth(agent)).expect(200)).body as { action: string; at: string; note: string | null }[];
  return { number: n, order: closed.body, closeAt: new Date(trail.filter((e) => e.action === 'close').pop()!.at) };
}

/** 138****8000 from 13800138000, by hand: the first three and last four digits of the national number. */
const masked = (national: string) => `${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;

describe('quality: callback visits (回访) and spot checks (抽查) (e2e, on the engine under test)', () => {
  let t: TestApp;
  let agent: string; // 1001
  let otherAgent: string; // 1002
  let supervisor: string; // 2001
  let quality: string; // 3001
  const DELAY = 1440;
  const RETRY = 120;

  beforeAll(async () => {
    t = await startTestApp({
      SLA_SCAN_INTERVAL_SECONDS: '0',
      CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
      SPOT_CHECK_INTERVAL_SECONDS: '0',
      CALLBACK_DELAY_MINUTES: String(DELAY),
      CALLBACK_MAX_ATTEMPTS: '3',
      CALLBACK_RETRY_MINUTES: String(RETRY),
      SPOT_CHECK_SHARE: '0.5',
    });
    [agent, otherAgent, supervisor, quality] = await Promise.all(['1001', '1002', '2001', '3001'].map((j) => t.tokenFor(j)));
  });
  afterAll(() => t.close());

  const scheduler = () => t.app.get(CallbackSchedulerService);
  const visitsOf = async (number: string, token = quality) => {
    await scheduler().settled();
    return (await t.http.get(`/quality/callbacks?workOrder=${number}`).set(auth(token)).expect(200)).body.items;
  };

  it('schedules a visit when a work order closes, due the delay after the close; "not solved" reopens the order', async () => {
    const { number, closeAt } = await closedOrder(t.http, agent);
    const [visit, ...more] = await visitsOf(number);
    expect(more).toEqual([]);
    expect(visit).toMatchObject({
      status: 'scheduled',
      attempts: 0,
      maxAttempts: 3,
      result: null,
      workOrder: {
        number,
        status: 'closed',
        category: 'late_delivery',
        terminal: 'logistics',
        unit: { code: 'L001' },
        solution: '明天上午补送 redeliver tomorrow morning',
      },
      customer: { phone: masked('13800138000'), phoneMasked: true },
    });
    expect(new Date(visit.dueAt).getTime()).toBe(closeAt.getTime() + DELAY * MINUTE);
    expect(new Date(visit.closedAt).getTime()).toBe(closeAt.getTime());
    // Due once its time has come.
    const due = await t.http
      .get(`/quality/callbacks?status=due&dueBefore=${new Date(closeAt.getTime() + (DELAY + 1) * MINUTE).toISOString()}`)
      .set(auth(quality))
      .expect(200);
    expect(due.body.items.map((v: { id: number }) => v.id)).not.toContain(visit.id); // by the real clock it is not due yet

    // The sweep finds nothing missing: the event already scheduled it.
    expect((await scheduler().sweep(new Date(closeAt.getTime() + MINUTE))).scheduled).toEqual([]);
    expect(await visitsOf(number)).toHaveLength(1);

    const result = await t.http
      .post(`/quality/callbacks/${visit.id}/result`)
      .set(auth(quality))
      .send({ satisfaction: 2, solved: false, comments: '还是没送到 still not delivered' })
      .expect(200);
    expect(result.body).toMatchObject({
      status: 'failed',
      attempts: 1,
      result: { satisfaction: 2, solved: false, dissatisfied: true, by: '3001' },
      workOrder: { status: 'reopened' },
    });
    const order = await t.http.get(`/work-orders/${number}`).set(auth(agent)).expect(200);
    expect(order.body).toMatchObject({ status: 'reopened', reopenCount: 1, closedAt: null });
    const trail = (await t.http.get(`/work-orders/${number}/audit`).set(auth(agent)).expect(200)).body;
    expect(trail[trail.length - 1]).toMatchObject({ action: 'reopen', by: '3001', before: { status: 'closed' }, after: { status: 'reopened' } });
    expect(trail[trail.length - 1].note).toContain(`callback visit ${visit.id} (回访)`);
    expect(trail[trail.length - 1].note).toContain('callback_unsolved');

    const again = await t.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction: 5, solved: true }).expect(409);
    expect(again.body.message).toBe(`Callback visit ${visit.id} already has its result (failed); results are final`);
  });

  it('solved but dissatisfied is flagged and listed, without reopening', async () => {
    const { number } = await closedOrder(t.http, agent, { phone: '13900000011' });
    const [visit] = await visitsOf(number);
    const done = await t.http
      .post(`/quality/callbacks/${visit.id}/result`)
      .set(auth(quality))
      .send({ satisfaction: 1, solved: true, comments: '态度差' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', result: { solved: true, dissatisfied: true }, workOrder: { status: 'closed' } });
    const listed = await t.http.get('/quality/callbacks?dissatisfied=true&status=done').set(auth(quality)).expect(200);
    expect(listed.body.items.map((v: { id: number }) => v.id)).toContain(visit.id);
  });

  it('leaves nothing half-written when the reopen is refused (the order was already reopened)', async () => {
    const { number } = await closedOrder(t.http, agent, { phone: '13900000012' });
    const [visit] = await visitsOf(number);
    await t.http.post(`/work-orders/${number}/reopen`).set(auth(agent)).send({ reason: 'customer_rejected' }).expect(200);
    const refused = await t.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction: 1, solved: false }).expect(409);
    expect(refused.body.message).toMatch(
      new RegExp(
        `^Callback visit ${visit.id}: the work order could not be reopened, nothing was recorded — Work order ${number}: Cannot reopen a work order that is reopened`,
      ),
    );
    const after = await t.http.get(`/quality/callbacks/${visit.id}`).set(auth(quality)).expect(200);
    expect(after.body).toMatchObject({ status: 'scheduled', attempts: 0, result: null, attemptLog: [] });
    const trail = (await t.http.get(`/work-orders/${number}/audit`).set(auth(agent)).expect(200)).body;
    expect(trail.filter((e: { action: string }) => e.action === 'reopen')).toHaveLength(1);
  });

  it('counts unreachable attempts, retries after the retry delay, and gives up after the last', async () => {
    const { number } = await closedOrder(t.http, agent, { phone: '13900000013' });
    const [visit] = await visitsOf(number);
    const reasons = ['no_answer', 'busy', 'no_answer'];
    for (let i = 0; i < reasons.length; i++) {
      const res = await t.http
        .post(`/quality/callbacks/${visit.id}/unreachable`)
        .set(auth(quality))
        .send({ reason: reasons[i], note: `try ${i + 1}` })
        .expect(200);
      expect(res.body.attempts).toBe(i + 1);
      if (i < 2) {
        expect(res.body.status).toBe('scheduled');
        expect(new Date(res.body.dueAt).getTime() - new Date(res.body.lastAttemptAt).getTime()).toBe(RETRY * MINUTE);
      } else {
        expect(res.body.status).toBe('unreachable');
        expect(res.body.attemptLog.map((a: { number: number; outcome: string; by: string }) => [a.number, a.outcome, a.by])).toEqual([
          [1, 'no_answer', '3001'],
          [2, 'busy', '3001'],
          [3, 'no_answer', '3001'],
        ]);
      }
    }
    const fourth = await t.http.post(`/quality/callbacks/${visit.id}/unreachable`).set(auth(quality)).send({ reason: 'busy' }).expect(409);
    expect(fourth.body.message).toBe(`Callback visit ${visit.id} is over: the customer could not be reached`);
    await t.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction: 3, solved: true }).expect(409);
    const listed = await t.http.get('/quality/callbacks?status=unreachable').set(auth(quality)).expect(200);
    expect(listed.body.items.map((v: { id: number }) => v.id)).toContain(visit.id);
  });

  it('rejects bad input naming the field', async () => {
    const bad = await t.http.post('/quality/callbacks/1/result').set(auth(quality)).send({ satisfaction: 6, solved: 'maybe', callSid: 'x' }).expect(400);
    expect(bad.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        'satisfaction must be a whole number from 1 to 5',
        'solved must be a boolean value',
        'callSid must be a Twilio CallSid (CA followed by 32 hex digits)',
      ]),
    );
    const reason = await t.http.post('/quality/callbacks/1/unreachable').set(auth(quality)).send({ reason: 'moon' }).expect(400);
    expect(reason.body.errors[0].message).toMatch(/^reason must be one of the following values: no_answer, busy, wrong_number/);
    expect((await t.http.get('/quality/callbacks?status=soon').set(auth(quality)).expect(400)).body.errors[0].message).toMatch(
      /^status must be one or more of due, scheduled/,
    );
    expect((await t.http.get('/quality/callbacks/abc').set(auth(quality)).expect(400)).body.errors.map(byMessage)).toEqual([
      'id must be a callback visit id (a whole number)',
    ]);
    expect((await t.http.get('/quality/callbacks/999999').set(auth(quality)).expect(404)).body.message).toBe('No callback visit 999999');
    // A supervisor has no softphone to take the call.
    await t.http.post('/quality/callbacks/1/call').set(auth(supervisor)).expect(403);
  });

  it('shows quality monitors masked numbers in the list, the full number on opening one visit, and audits each such view', async () => {
    const { number } = await closedOrder(t.http, agent, { phone: '13712345678' });
    const [listedForQuality] = await visitsOf(number);
    expect(listedForQuality.customer).toEqual({ name: null, phone: '137****5678', phoneMasked: true });
    const [listedForSupervisor] = await visitsOf(number, supervisor);
    expect(listedForSupervisor.customer.phone).toBe('+8613712345678');

    const before = (await t.http.get(`/quality/phone-views?workOrder=${number}`).set(auth(supervisor)).expect(200)).body.items;
    expect(before).toEqual([]);
    const opened = await t.http.get(`/quality/callbacks/${listedForQuality.id}`).set(auth(quality)).expect(200);
    expect(opened.body.customer).toEqual({ name: null, phone: '+8613712345678', phoneMasked: false });
    await t.http.get(`/quality/callbacks/${listedForQuality.id}`).set(auth(quality)).expect(200);
    const views = (await t.http.get(`/quality/phone-views?workOrder=${number}`).set(auth(supervisor)).expect(200)).body.items;
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({ by: '3001', workOrderNumber: number, context: 'callback_visit', subjectId: listedForQuality.id });
    expect(Math.abs(new Date(views[0].at).getTime() - Date.now())).toBeLessThan(60_000);
    await t.http.get('/quality/phone-views').set(auth(quality)).expect(403);

    // An agent sees visits of their own work orders only.
    await t.http.get(`/quality/callbacks/${listedForQuality.id}`).set(auth(otherAgent)).expect(404);
    expect((await t.http.get(`/quality/callbacks?workOrder=${number}`).set(auth(otherAgent)).expect(200)).body.items).toEqual([]);
    expect((await t.http.get(`/quality/callbacks?workOrder=${number}`).set(auth(agent)).expect(200)).body.items).toHaveLength(1);
  });

  it('the sweep schedules a visit whose close event was lost, once however many sweeps run; a re-close gets a new visit', async () => {
    const { number, closeAt } = await closedOrder(t.http, agent, { phone: '13900000014' });
    await scheduler().settled();
    const source = t.app.get(DataSource);
    await source.getRepository(CallbackVisit).delete({ workOrderNumber: number }); // as if the process died before the event was handled
    expect(await visitsOf(number)).toEqual([]);
    const now = new Date(closeAt.getTime() + MINUTE);
    const sweeps = await Promise.all([scheduler().sweep(now), scheduler().sweep(now), scheduler().sweep(now)]);
    expect(sweeps.flatMap((s) => s.scheduled).filter((n) => n === number)).toEqual([number]);
    const [first] = await visitsOf(number);
    expect(new Date(first.dueAt).getTime()).toBe(closeAt.getTime() + DELAY * MINUTE);

    // Reopened and closed again: a new visit; the one for the earlier close is superseded.
    await t.http.post(`/work-orders/${number}/reopen`).set(auth(agent)).send({ reason: 'customer_rejected' }).expect(200);
    await t.http.post(`/work-orders/${number}/solution`).set(auth(agent)).send({ solution: '换新机 replace the unit' }).expect(200);
    await t.http.post(`/work-orders/${number}/acceptance`).set(auth(agent)).send({ accepted: true, method: 'in_person' }).expect(200);
    await t.http.post(`/work-orders/${number}/close`).set(auth(agent)).send({}).expect(200);
    const visits = await visitsOf(number);
    expect(visits.map((v: { id: number; status: string }) => [v.id === first.id, v.status]).sort()).toEqual([
      [false, 'scheduled'],
      [true, 'superseded'],
    ]);
    expect((await scheduler().sweep(new Date())).scheduled).not.toContain(number);
  });

  it('samples a share of each terminal’s closed orders for spot checks, the same set every time', async () => {
    // More closures on two terminals, so the shares differ.
    for (let i = 0; i < 4; i++) await closedOrder(t.http, agent, { phone: `1390000010${i}`, unit: 'S001', terminal: 'store' });
    const day = new Date(Date.now() + 480 * MINUTE).toISOString().slice(0, 10);
    const dayStart = Date.parse(`${day}T00:00:00Z`) - 480 * MINUTE;
    // Independently: the orders closed today, per terminal, from the work-order API.
    const closed = (await t.http.get('/work-orders?status=closed&limit=100').set(auth(supervisor)).expect(200)).body.items.filter(
      (o: { closedAt: string }) => Date.parse(o.closedAt) >= dayStart && Date.parse(o.closedAt) < dayStart + 1440 * MINUTE,
    );
    const perTerminal = new Map<string, string[]>();
    for (const o of closed) perTerminal.set(o.terminal, [...(perTerminal.get(o.terminal) ?? []), o.number]);
    expect(perTerminal.get('store')).toHaveLength(4);

    const first = (await t.http.post('/quality/spot-checks/sample').set(auth(quality)).send({ date: day }).expect(200)).body;
    expect(first.share).toBe(0.5);
    for (const [terminal, numbers] of perTerminal) {
      const entry = first.terminals.find((x: { terminal: string }) => x.terminal === terminal);
      expect(entry.closed).toBe(numbers.length);
      expect(entry.sampled).toBe(Math.max(1, Math.round(numbers.length / 2)));
      for (const n of entry.workOrders) expect(numbers).toContain(n);
    }
    const second = (await t.http.post('/quality/spot-checks/sample').set(auth(supervisor)).send({ date: day }).expect(200)).body;
    expect(second.terminals).toEqual(first.terminals);
    // The scheduled job's path samples the same way (idempotent): sampling "yesterday" from tomorrow adds nothing.
    await t.app.get(SpotChecksService).sampleYesterday(new Date(dayStart + 1440 * MINUTE + MINUTE));

    const list = (await t.http.get(`/quality/spot-checks?date=${day}&limit=100`).set(auth(quality)).expect(200)).body.items;
    const expectedTotal = [...perTerminal.values()].reduce((n, numbers) => n + Math.max(1, Math.round(numbers.length / 2)), 0);
    expect(list).toHaveLength(expectedTotal);
    for (const item of list) expect(item.customer.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const storeChecks = list.filter((s: { terminal: string }) => s.terminal === 'store');
    expect(storeChecks).toHaveLength(2);

    const check = storeChecks[0];
    const opened = await t.http.get(`/quality/spot-checks/${check.id}`).set(auth(quality)).expect(200);
    expect(opened.body.customer.phone).toMatch(/^\+861390000010\d$/);
    const views = (await t.http.get(`/quality/phone-views?workOrder=${check.workOrder.number}`).set(auth(supervisor)).expect(200)).body.items;
    expect(views[0]).toMatchObject({ by: '3001', context: 'spot_check', subjectId: check.id });

    const done = await t.http
      .post(`/quality/spot-checks/${check.id}/complete`)
      .set(auth(quality))
      .send({ evaluationId: 7, note: '话术规范 polite, solution correct' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', evaluationId: 7, completedBy: '3001' });
    await t.http.post(`/quality/spot-checks/${check.id}/complete`).set(auth(quality)).send({ note: 'again' }).expect(409);
    expect(
      (await t.http.get(`/quality/spot-checks?date=${day}&status=done`).set(auth(quality)).expect(200)).body.items.map((s: { id: number }) => s.id),
    ).toEqual([check.id]);
    expect((await t.http.post('/quality/spot-checks/sample').set(auth(quality)).send({ date: '2026-02-30' }).expect(400)).body.errors.map(byMessage)).toEqual([
      'date "2026-02-30" is not a calendar date',
    ]);
    expect((await t.http.post(`/quality/spot-checks/${check.id}/complete`).set(auth(quality)).send({}).expect(400)).body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['note must be a string']),
    );
  });
});

describe('quality: the callback visit call through the Twilio sandbox (e2e)', () => {
  let h: TelephonyHarness;
  beforeEach(async () => {
    h = await startTelephonyHarness({
      CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
      SPOT_CHECK_INTERVAL_SECONDS: '0',
      SLA_SCAN_INTERVAL_SECONDS: '0',
      CALLBACK_DELAY_MINUTES: '30',
    });
  });
  afterEach(() => h.close());

  it('calls the customer from the hotline and rings the monitor’s softphone; the result records the call', async () => {
    const agent = await h.tokenFor('1001');
    const { number, closeAt } = await closedOrder(h.http, agent, { phone: '13900000009' });
    expect(closeAt.getTime()).toBe(MONDAY_10AM_CHINA); // the work orders run on the sandbox's virtual clock
    const phone = await h.agent('3001', { ready: false }); // the quality monitor's softphone
    const quality = phone.token;
    await h.app.get(CallbackSchedulerService).settled();
    const [visit] = (await h.http.get(`/quality/callbacks?workOrder=${number}`).set(auth(quality)).expect(200)).body.items;
    expect(visit.status).toBe('scheduled');
    await h.advance(30 * 60);
    expect((await h.http.get('/quality/callbacks?status=due').set(auth(quality)).expect(200)).body.items.map((v: { id: number }) => v.id)).toEqual([visit.id]);

    const placed = await h.http.post(`/quality/callbacks/${visit.id}/call`).set(auth(quality)).expect(200);
    expect(placed.body).toMatchObject({ status: 'in_progress', attempts: 1 });
    const callSid = placed.body.attemptLog[0].callSid as string;
    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
    // Twilio places no calls to mainland China: the visit leaves through the carrier's BYOC trunk.
    expect(h.sandbox.callRecord(callSid)).toMatchObject({ to: '+8613900000009', direction: 'outbound-api', trunkSid: SANDBOX_DEFAULT_BYOC_TRUNK_SID });
    await h.http.post(`/quality/callbacks/${visit.id}/call`).set(auth(quality)).expect(409); // one call at a time

    // While the visit call is still connecting nobody has heard the customer: no result yet.
    const early = await h.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction: 5, solved: true }).expect(409);
    expect(early.body.message).toMatch(new RegExp(`^Callback visit ${visit.id}: the call ${callSid} is not connected yet`));
    // The customer's phone answers (after 3 s in the sandbox), hears the visit greeting, then the monitor's softphone rings.
    await h.advanceUntil(() => phone.ringing !== undefined, 15);
    await h.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction: 5, solved: true }).expect(409); // still ringing the monitor
    const said = h.sandbox
      .getCall(callSid)!
      .events.filter((e) => e.type === 'say')
      .map((e) => (e as unknown as { text: string }).text);
    expect(said).toEqual(['您好,这里是客服热线,就您反映的问题进行回访,正在为您接通。']);
    phone.accept();
    await h.advance(2);
    // The visit is a conference as an inbound call is (call-<CallSid>): the monitor holds the customer and takes them back.
    const room = h.sandbox.conferences.live(`call-${callSid}`)!;
    expect(room.find('agent')!.callSid).toBe(phone.incoming[0].callSid);
    await h.http.post(`/calls/${callSid}/hold`).set(auth(quality)).expect(201);
    expect(room.find('customer')!.hold).toBe(true);
    await h.advance(3);
    await h.http.post(`/calls/${callSid}/resume`).set(auth(quality)).expect(201);
    expect(room.audibleTo(callSid)).toEqual([phone.incoming[0].callSid]);
    await h.advance(15);
    h.sandbox.hangup(callSid);
    await h.advance(1);

    const result = await h.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction: 5, solved: true }).expect(200);
    expect(result.body).toMatchObject({
      status: 'done',
      result: { satisfaction: 5, solved: true, dissatisfied: false, callSid },
      attemptLog: [{ number: 1, callSid, outcome: 'reached', by: '3001' }],
    });
    const order = await h.http.get(`/work-orders/${number}`).set(auth(agent)).expect(200);
    expect(order.body.status).toBe('closed');
    expect(order.body.calls.map((c: { callSid: string }) => c.callSid)).toContain(callSid);
    const record = await h.http.get(`/calls/${callSid}`).set(auth(quality)).expect(200);
    expect(record.body).toMatchObject({ direction: 'outbound-visit', agentJobNumber: '3001' });
    expect(record.body.connectedAt).not.toBeNull();
  });

  it('refuses a result for a visit call that ended without reaching anyone: that attempt is unreachable', async () => {
    const agent = await h.tokenFor('1001');
    const { number } = await closedOrder(h.http, agent, { phone: '13900000008' });
    const phone = await h.agent('3001', { ready: false });
    await h.app.get(CallbackSchedulerService).settled();
    const [visit] = (await h.http.get(`/quality/callbacks?workOrder=${number}`).set(auth(phone.token)).expect(200)).body.items;
    await h.advance(30 * 60);
    const placed = await h.http.post(`/quality/callbacks/${visit.id}/call`).set(auth(phone.token)).expect(200);
    const callSid = placed.body.attemptLog[0].callSid as string;
    await h.advanceUntil(() => phone.ringing !== undefined, 15);
    h.sandbox.hangup(callSid); // the customer hangs up before the monitor picks up
    await h.advance(2);
    const refused = await h.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(phone.token)).send({ satisfaction: 5, solved: true }).expect(409);
    expect(refused.body.message).toBe(
      `Callback visit ${visit.id}: the call ${callSid} ended without reaching the customer; record an unreachable attempt instead`,
    );
    const after = await h.http.get(`/quality/callbacks/${visit.id}`).set(auth(phone.token)).expect(200);
    expect(after.body).toMatchObject({ status: 'in_progress', result: null });
    await h.http.post(`/quality/callbacks/${visit.id}/unreachable`).set(auth(phone.token)).send({ reason: 'no_answer' }).expect(200);
  });

  it('a visit to a country the Twilio account may not call is refused by Twilio (21215): 502, nothing recorded', async () => {
    const agent = await h.tokenFor('1001');
    const { number } = await closedOrder(h.http, agent, { phone: '+33142685300' });
    const quality = (await h.agent('3001', { ready: false })).token;
    await h.app.get(CallbackSchedulerService).settled();
    const [visit] = (await h.http.get(`/quality/callbacks?workOrder=${number}`).set(auth(quality)).expect(200)).body.items;
    await h.advance(30 * 60);
    const refused = await h.http.post(`/quality/callbacks/${visit.id}/call`).set(auth(quality)).expect(502);
    expect(refused.body.message).toMatch(/could not be placed/);
    expect(h.sandbox.listCalls().filter((c) => c.direction === 'outbound-api')).toHaveLength(0);
    expect((await h.http.get(`/quality/callbacks/${visit.id}`).set(auth(quality)).expect(200)).body).toMatchObject({ status: 'due', attempts: 0 });
  });
});
