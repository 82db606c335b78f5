import { SANDBOX_DEFAULT_BYOC_TRUNK_SID, TwilioSandbox } from '@hotline/twilio-sandbox';
import { freePort } from '../scripts/bench-server';
import { PERIODIC_JOBS_OFF, startServerProcess, ServerProcess } from './support/server-process-harness';
import { AgentPhone } from './support/telephony-harness';
import { DEMO_PASSWORD } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const HOTLINE = '4008001234';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * kill -9 with callers waiting: the real server in its own process, Twilio's stand-in (a standalone
 * sandbox on the wall clock) in this one, outliving the crash as Twilio outlives ours. No shutdown
 * hook runs; the next process must find every caller from the records and Twilio's queues.
 */
describe('restart recovery after kill -9 (the server in its own process, a standalone sandbox)', () => {
  let db: TestDatabase;
  let sandbox: TwilioSandbox;
  let server: ServerProcess | undefined;
  let env: Record<string, string>;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sandbox = new TwilioSandbox({
      phoneNumbers: [],
      byocTrunks: [
        {
          sid: SANDBOX_DEFAULT_BYOC_TRUNK_SID,
          friendlyName: 'China carrier (test)',
          voiceUrl: `${baseUrl}/twilio/voice/incoming`,
          voiceFallbackUrl: `${baseUrl}/twilio/voice/fallback`,
          statusCallbackUrl: `${baseUrl}/twilio/voice/status`,
          numbers: [HOTLINE],
        },
      ],
      // Prompts spoken quickly: the test is about the crash, not the IVR's words.
      timings: { ringCycleMs: 5000, sayMsPerCjkChar: 5, sayMsPerChar: 2 },
    });
    const sandboxUrl = (await sandbox.listen(0)).url;
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      SEED_DEMO: 'true',
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      TELEPHONY: 'sandbox',
      TWILIO_SANDBOX_URL: sandboxUrl,
      BUSINESS_HOURS: '00:00-24:00',
      QUEUE_ANNOUNCE_SECONDS: '120',
      ...PERIODIC_JOBS_OFF,
      ...db.env,
    };
  });
  afterAll(async () => {
    await server?.stop();
    await sandbox?.close();
    await db?.drop();
  });

  const api = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const signIn = async (jobNumber: string) => (await api('POST', '/auth/login', null, { jobNumber, password: DEMO_PASSWORD })).body.accessToken as string;

  it('every caller waiting at the crash is answered by an agent afterwards, in order; one who hung up meanwhile is closed', async () => {
    server = await startServerProcess(env);
    const admin = await signIn('9001');
    expect((await api('PATCH', '/queues/orders', admin, { wrapUpSeconds: 0 })).status).toBe(200);
    const token = await signIn('1003');
    const voice = (await api('GET', '/telephony/token', token)).body.token as string;
    const phone = await AgentPhone.register(`${sandbox.publicBase().replace('http', 'ws')}/sandbox/device`, voice, '1003', token);
    await phone.openSoftphone(baseUrl); // signed in, not ready: the callers queue

    const callers = ['+8613800000011', '+8613800000012', '+8613800000013'].map((from) => {
      const sid = sandbox.placeCall({ from, to: HOTLINE, digits: '1' });
      return sid;
    });
    const supervisor = await signIn('2001');
    const record = async (sid: string) => (await api('GET', `/calls/${sid}`, supervisor)).body;
    for (const sid of callers) await until(`${sid} queued`, async () => (await record(sid)).status === 'queued');
    // Holding: the queue's wait TwiML fetched (it asks again only after QUEUE_ANNOUNCE_SECONDS; a crash
    // at the moment of that request loses the caller — see the README's Restart recovery).
    const holding = (sid: string) => sandbox.webhookDeliveries(sid).some((d) => d.kind === 'wait' && d.attempts.some((a) => a.status === 200));
    for (const sid of callers) await until(`${sid} holding`, () => holding(sid));

    phone.dropSoftphone();
    await server.kill9();
    sandbox.hangup(callers[1]); // hangs up while nobody is there to hear it
    server = await startServerProcess(env);

    expect(await record(callers[1])).toMatchObject({ status: 'ended', outcome: 'abandoned' });
    await phone.openSoftphone(baseUrl);
    expect((await api('PUT', '/agents/1003/state', token, { state: 'ready' })).status).toBe(200);
    for (const sid of [callers[0], callers[2]]) {
      const leg = await until(`1003 rung for ${sid}`, () => {
        const ringing = phone.ringing?.callSid;
        return ringing && sandbox.callRecord(ringing)?.parentCallSid === sid ? ringing : undefined;
      });
      phone.accept(leg);
      await until(`${sid} connected`, async () => (await record(sid)).status === 'connected');
      // 'connected' is the agent's answer; the call then moves into its conference (the agent's leg, then
      // the caller). The agent talks first: hanging up mid-move is the conferences spec's case, not a crash's.
      const room = () => sandbox.conferences.live(`call-${sid}`)?.participants;
      await until(`${sid} in its conference with 1003`, () => room()?.has(sid) && room()?.has(leg));
      phone.hangUp(leg);
      await until(`${sid} ended`, async () => (await record(sid)).status === 'ended');
    }
    for (const sid of [callers[0], callers[2]]) expect(await record(sid)).toMatchObject({ outcome: 'answered', agentJobNumber: '1003', answeredBy: 'ivr' });
    phone.close();
  }, 90_000);
});
