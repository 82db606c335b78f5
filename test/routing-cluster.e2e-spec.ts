import Redis from 'ioredis';
import { AgentPresenceService } from '../src/routing/agent-presence.service';
import { CallRecoveryService } from '../src/telephony/call-recovery.service';
import { RoutingConfigService } from '../src/routing/routing-config.service';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { RoutingLeadership } from '../src/routing/routing-leadership.service';
import { AgentPhone, startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOTLINE = '4008001234';

/** Polls `predicate` (real time: the processes talk through Redis) until it holds, or fails after `timeoutMs`. */
async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Two processes of one site (one database, one Twilio, one Redis): routing is one state, journalled
 * in Redis and applied in order by both — so an agent ready on one is offered a call arriving at the
 * other, is never reserved for two calls, and both processes answer reads alike. The issue's
 * measurement (#15): 1003 ready on A was offline on B, and reserved by both for two calls at once.
 */
describe('two processes sharing REDIS_URL: one routing state', () => {
  let h: TelephonyHarness;
  let prefix: string;
  let seq = 0;
  beforeEach(async () => {
    supervisor = undefined;
    prefix = `test-cluster-${process.pid}-${++seq}`;
    // The webhooks (the sandbox's trunk) go to the harness's process, "B"; agents' softphones to "A".
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00', REDIS_URL, REDIS_KEY_PREFIX: prefix }, undefined, { standaloneSandbox: true });
  });
  afterEach(async () => {
    await h.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  let supervisor: string | undefined;
  /** A supervisor's GET (one sign-in: a bearer token is good on every process). */
  const supervisorGet = async (http: TelephonyHarness['http'], path: string): Promise<Record<string, unknown>> => {
    supervisor ??= await h.tokenFor('2001');
    return (await http.get(path).set('Authorization', `Bearer ${supervisor}`).expect(200)).body as Record<string, unknown>;
  };
  /** An agent's Device on the sandbox and softphone page on `baseUrl`, ready. */
  const agentOn = async (baseUrl: string, http: TelephonyHarness['http'], jobNumber: string): Promise<AgentPhone> => {
    const token = await h.tokenFor(jobNumber);
    const voice = ((await http.get('/telephony/token').set('Authorization', `Bearer ${token}`).expect(200)).body as { token: string }).token;
    const phone = await AgentPhone.register(h.deviceUrl, voice, jobNumber, token);
    await phone.openSoftphone(baseUrl);
    await http.put(`/agents/${jobNumber}/state`).set('Authorization', `Bearer ${token}`).send({ state: 'ready' }).expect(200);
    return phone;
  };
  const ringingFor = (phone: AgentPhone, callSid: string) => {
    const leg = phone.ringing?.callSid;
    return leg && h.sandbox.callRecord(leg)?.parentCallSid === callSid ? leg : undefined;
  };

  it('an agent ready on A is offered a call arriving at B, once; both processes agree; one leader', async () => {
    const a = await h.startProcess();
    const phone = await agentOn(a.baseUrl, a.http, '1003');
    try {
      // B reads the state A's softphone made, from its own copy of the journal.
      await until('1003 ready on B', async () => (await supervisorGet(h.http, '/agents/1003')).state === 'ready');

      const first = h.sandbox.placeCall({ from: '+8613800000001', to: HOTLINE });
      await h.advanceUntil(() => ringingFor(phone, first) !== undefined, 10);
      phone.accept(ringingFor(phone, first));
      await h.advance(1);
      for (const http of [h.http, a.http]) {
        await until('1003 on the call everywhere', async () => (await supervisorGet(http, '/agents/1003')).state === 'on-call');
        expect(await supervisorGet(http, '/agents/1003')).toMatchObject({ state: 'on-call', callId: first });
      }

      // A second caller while 1003 talks: queued, never offered to 1003.
      const second = h.sandbox.placeCall({ from: '+8613800000002', to: HOTLINE, digits: '1' });
      await h.advance(20);
      expect(ringingFor(phone, second)).toBeUndefined();
      expect(await supervisorGet(h.http, `/calls/${second}`)).toMatchObject({ status: 'queued', answeredBy: 'ivr' });
      for (const app of [h.app, a.app]) {
        expect(app.get(RoutingEngineService).agentState('1003')).toMatchObject({ state: 'on-call', callId: first, offeredCallId: null });
        expect(app.get(RoutingEngineService).invariantViolations()).toEqual([]);
      }

      // The first call ends; after the wrap-up 1003 is offered the second, by whichever process leads.
      h.sandbox.hangup(first);
      await h.advanceUntil(() => ringingFor(phone, second) !== undefined, 90);
      phone.accept(ringingFor(phone, second));
      await h.advance(1);
      await until('1003 on the second call on A', () => a.app.get(RoutingEngineService).agentState('1003').callId === second);
      expect(h.app.get(RoutingEngineService).agentState('1003')).toMatchObject({ state: 'on-call', callId: second });

      const health = async (http: TelephonyHarness['http']) => ((await http.get('/health').expect(200)).body as { routing: string }).routing;
      const roles = [await health(h.http), await health(a.http)].sort();
      expect(roles).toEqual(['follower', 'leader']);
      for (const app of [h.app, a.app]) expect(app.get(RoutingEngineService).invariantViolations()).toEqual([]);
    } finally {
      phone.close();
    }
  });

  it("a queue changed on A is B's IVR menu at once (each process's queue cache follows the journal)", async () => {
    const a = await h.startProcess();
    const admin = await h.tokenFor('9001');
    await a.http.patch('/queues/invoices').set('Authorization', `Bearer ${admin}`).send({ menuKey: '7' }).expect(200);
    await until(
      'the queue cache on B',
      () =>
        h.app
          .get(RoutingConfigService)
          .cachedQueues()
          .find((q) => q.code === 'invoices')?.menuKey === '7',
    );

    // A caller on B (the sandbox's trunk) pressing 7 waits in the invoices queue.
    const call = h.sandbox.placeCall({ from: '+8613800000003', to: HOTLINE, digits: '7' });
    await h.advanceUntil(() => h.sandbox.callRecord(call)?.events.some((e) => e.type === 'enqueue') ?? false, 30);
    expect(await supervisorGet(h.http, `/calls/${call}`)).toMatchObject({ status: 'queued', queue: 'invoices' });
    h.sandbox.hangup(call);
  });

  it('a process taken for dead while alive (stalled past its alive key) counts its softphones again: its agents stay ready', async () => {
    const other = await h.startProcess();
    await until('a leader', () => [h.app, other.app].some((app) => app.get(RoutingLeadership).isLeader));
    // The agent's page on the follower: the leader's watch is what takes a process for dead.
    const [leader, follower] = h.app.get(RoutingLeadership).isLeader ? [h, other] : [other, h];
    const phone = await agentOn(follower.baseUrl, follower.http, '1003');
    try {
      const engines = [h.app, other.app].map((app) => app.get(RoutingEngineService));
      await until('1003 ready everywhere', () => engines.every((e) => e.agentState('1003').state === 'ready'));
      // The follower's alive key lapses, as when it stalls past it under a starved CPU: the leader drops its sockets.
      const redis = new Redis(REDIS_URL);
      await redis.del(`${prefix}:routing:process:${follower.app.get(RoutingLeadership).processId}`);
      await redis.quit();
      await leader.app.get(AgentPresenceService).sweepDeadProcesses();
      // Past the reconnect grace (5 s): still reachable, still ready — the page never left.
      await h.advance(8);
      await until('1003 reachable and ready everywhere', () => engines.every((e) => e.isReachable('1003') && e.agentState('1003').state === 'ready'));
      await h.advance(8);
      for (const e of engines) expect(e.agentState('1003')).toMatchObject({ state: 'ready' });
    } finally {
      phone.close();
    }
  });

  it('a new leader does not ring again a call whose <Dial> Twilio already holds (its prompt still spoken): the agent is rung once', async () => {
    const a = await h.startProcess();
    const phone = await agentOn(a.baseUrl, a.http, '1003');
    try {
      // On a break as the call comes in (the IVR answers), back before the caller picks the orders queue:
      // "connecting you", then the <Dial> to 1003.
      const token = await h.tokenFor('1003');
      const setState = (body: object) => a.http.put('/agents/1003/state').set('Authorization', `Bearer ${token}`).send(body).expect(200);
      await setState({ state: 'not-ready', reason: 'break' });
      await until('1003 on a break on B', async () => (await supervisorGet(h.http, '/agents/1003')).state === 'not-ready');
      const call = h.sandbox.placeCall({ from: '+8613800000003', to: HOTLINE, digits: '1' });
      const types = () => (h.sandbox.callRecord(call)?.events ?? []).map((e) => (e as unknown as { type: string }).type);
      await h.advanceUntil(() => types().includes('gather'), 20);
      await setState({ state: 'ready' });
      await until('1003 ready on B', async () => (await supervisorGet(h.http, '/agents/1003')).state === 'ready');
      await h.advanceUntil(() => types().includes('gather-end') && types().lastIndexOf('say') > types().indexOf('gather-end'), 30);
      expect(types()).not.toContain('dial');
      const engines = [h.app, a.app].map((app) => app.get(RoutingEngineService));
      await until('the call offered to 1003 everywhere', () => engines.every((e) => e.agentState('1003').offeredCallId?.startsWith(call) === true));

      // A take-over now finds no agent leg at Twilio yet: the ring is on its way, not lost.
      const leader = [h.app, a.app].find((app) => app.get(RoutingLeadership).isLeader)!;
      expect(await leader.get(CallRecoveryService).reconcileAfterTakeover()).toMatchObject({ rungAgain: 0 });
      await h.advanceUntil(() => ringingFor(phone, call) !== undefined, 20);
      phone.accept(ringingFor(phone, call));
      await h.advance(2);
      expect(types().filter((t) => t === 'redirect')).toEqual([]);
      const agentDials = (h.sandbox.callRecord(call)?.events ?? []).filter(
        (e) => JSON.stringify(e).includes('"dial"') && JSON.stringify(e).includes('client:agent-1003'),
      );
      expect(agentDials).toHaveLength(1);
      await until('1003 on the call', () => engines.every((e) => e.agentState('1003').state === 'on-call'));
    } finally {
      phone.close();
    }
  });
});
