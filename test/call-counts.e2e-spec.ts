import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { parseCsv } from './support/csv';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';
const DAY = '2026-11-23'; // the harness starts on this day, 10:00 China time
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * One call is one offer per ring (#13): hold and resume are events of the call, not offers — the
 * call record, the agent KPIs and the piece-rate CSV count the call once.
 */
describe('counts: hold and resume are not offers (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  let quality: string;
  beforeEach(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    supervisor = await h.tokenFor('2001');
    quality = await h.tokenFor('3001');
  });
  afterEach(() => h.close());

  const call = async (callSid: string) => (await h.http.get(`/calls/${callSid}`).set(auth(supervisor)).expect(200)).body;
  const invariants = () => h.app.get(RoutingEngineService).invariantViolations();

  it('a call held and resumed twice lists one offer and one answer; the KPIs, the CSV and the wallboard count it once', async () => {
    const phone = await h.agent('1003');
    const callSid = h.sandbox.placeCall({ from: '+8613900000021', to: HOTLINE });
    await h.advance(1);
    phone.accept();
    await h.advance(5);
    // The answered call is a conference of two, named from the call (as in Twilio Flex).
    const room = h.sandbox.conferences.live(`call-${callSid}`)!;
    const customer = () => room.find('customer')!;
    expect([...room.participants.values()].map((p) => p.label).sort()).toEqual(['agent', 'customer']);
    for (let i = 0; i < 2; i++) {
      await h.http.post(`/calls/${callSid}/hold`).set(auth(phone.token)).expect(201);
      await h.advance(3);
      expect(customer().hold).toBe(true); // participant hold: music for the caller, the agent stays in the room
      expect(room.audibleTo(room.find('agent')!.callSid)).toEqual([]);
      await h.http.post(`/calls/${callSid}/resume`).set(auth(phone.token)).expect(201);
      await h.advance(2);
      expect(customer().hold).toBe(false);
      expect(room.audibleTo(customer().callSid)).toEqual([room.find('agent')!.callSid]);
      expect(phone.incoming).toHaveLength(1); // the agent's phone never rang again
      expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1003' });
      expect(invariants()).toEqual([]);
    }
    h.sandbox.hangup(callSid);
    await h.advance(1);

    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'ended', outcome: 'answered', answeredBy: 'agent' });
    expect(record.ringSeconds).toBeLessThanOrEqual(15); // the three-ring guarantee, measured on the call
    expect(record.offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'answered' })]);
    expect(record.events.map((e: { type: string; by: string }) => `${e.type}:${e.by}`)).toEqual(['hold:1003', 'resume:1003', 'hold:1003', 'resume:1003']);
    expect(invariants()).toEqual([]);
    expect(h.app.get(RoutingEngineService).agentToday('1003')).toMatchObject({ offered: 1, answered: 1, missed: 0 });

    const kpis = (await h.http.get(`/quality/agent-kpis?from=${DAY}&to=${DAY}&jobNumber=1003`).set(auth(quality)).expect(200)).body;
    expect(kpis.days).toEqual([expect.objectContaining({ jobNumber: '1003', offered: 1, answered: 1, missed: 0 })]);
    const csv = await h.http
      .get(`/quality/agent-kpis.csv?from=${DAY}&to=${DAY}&jobNumber=1003`)
      .set(auth(quality))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const [header, ...rows] = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'));
    const keys = header.map((title) => title.split(' ').pop()!);
    const day = rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [keys[i], cell]))).find((r) => r.period === 'day')!;
    expect(day).toMatchObject({ jobNumber: '1003', offered: '1', answered: '1', missed: '0' });
  });
});
