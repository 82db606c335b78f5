import { JwtService } from '@nestjs/jwt';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { AgentPresenceService } from '../src/routing/agent-presence.service';
import { AgentStateChange } from '../src/routing/agent-state-change.entity';
import { AgentStateLogService } from '../src/routing/agent-state-log.service';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { byMessage } from './support/error-body';

const CALLER = '+8613800138000';
const HOTLINE = '4008001234';

/** A socket.io client on /softphone that records every event it receives. */
class Client {
  readonly events: { event: string; payload: any }[] = [];
  disconnected = false;
  constructor(readonly socket: Socket) {
    socket.onAny((event, payload) => this.events.push({ event, payload }));
    socket.on('disconnect', () => (this.disconnected = true));
  }
  of(event: string) {
    return this.events.filter((e) => e.event === event).map((e) => e.payload);
  }
  last(event: string) {
    return this.of(event).at(-1);
  }
  command(event: string, body: unknown): Promise<any> {
    return this.socket.timeout(5000).emitWithAck(event, body);
  }
  close() {
    this.socket.close();
  }
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('softphone gateway (socket.io /softphone against the real server)', () => {
  let h: TelephonyHarness;
  const clients: Client[] = [];
  beforeEach(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await h.close();
  });

  const connect = (token: string | undefined): Client => {
    const socket = io(`${h.baseUrl}/softphone`, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const client = new Client(socket);
    clients.push(client);
    return client;
  };
  const presenceSeen = (jobNumber: string) => h.app.get(AgentPresenceService).isReachable(jobNumber);
  const connected = async (token: string): Promise<Client> => {
    const client = connect(token);
    await until('connected', () => client.events.some((e) => e.event === 'snapshot' || e.event === 'wallboard'));
    return client;
  };

  it('refuses a missing, forged or expired token with an error event and a disconnect', async () => {
    const good = await h.tokenFor('1003');
    const [header, payload] = good.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['supervisor'] })).toString('base64url')}.${good.split('.')[2]}`;
    const expired = await h.app.get(JwtService).signAsync({ sub: '1', jobNumber: '1003', roles: ['agent'], unitId: null }, { expiresIn: -60 });
    for (const token of [undefined, 'not-a-jwt', forged, expired]) {
      const client = connect(token);
      await until(`refusal of ${token}`, () => client.disconnected);
      expect(client.of('error')).toEqual([expect.objectContaining({ command: 'connection', code: 'unauthorized' })]);
      expect(client.of('snapshot')).toEqual([]);
    }
    const ok = await connected(good);
    expect(ok.last('snapshot').state).toMatchObject({ jobNumber: '1003', state: 'not-ready', reason: 'login' }); // the softphone signs the agent in
  });

  it('sends an offer (caller, queue, priority, waited, ring deadline) only to the agent rung; supervisors see the queue', async () => {
    const phone = await h.agent('1003');
    await h.advance(1);
    await h.agent('1010');
    const first = await connected(phone.token);
    const second = await connected(await h.tokenFor('1010'));
    const supervisor = await connected(await h.tokenFor('2001'));
    expect(first.last('snapshot').state.state).toBe('ready');

    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await until('the offer', () => first.of('offer').length > 0);
    expect(first.last('offer')).toMatchObject({
      callSid,
      from: CALLER,
      queue: 'orders',
      priority: expect.any(Number),
      waitedSeconds: expect.any(Number),
      ringSeconds: expect.any(Number),
    });
    expect(Date.parse(first.last('offer').ringDeadline)).toBeGreaterThan(h.clock.now());
    expect(first.last('state').state).toBe('reserved');
    expect(second.of('offer')).toEqual([]);
    await until('the wallboard shows 1003 reserved', () =>
      supervisor.last('wallboard')?.agents.some((a: { jobNumber: string; state: string }) => a.jobNumber === '1003' && a.state === 'reserved'),
    );
    expect(supervisor.last('wallboard').queues.find((q: { code: string }) => q.code === 'orders')).toMatchObject({ offered: 1 });
    // Each busy agent's caller and queue, and their name.
    expect(supervisor.last('wallboard').agents.find((a: { jobNumber: string }) => a.jobNumber === '1003')).toMatchObject({
      name: '张伟',
      callSid,
      caller: CALLER,
      queue: 'orders',
    });
    expect(supervisor.of('offer')).toEqual([]);

    phone.accept();
    await h.advance(1);
    await until('connected', () => first.of('call-connected').length > 0);
    expect(first.last('call-connected')).toMatchObject({ callSid, from: CALLER, queue: 'orders' });
    h.sandbox.hangup(callSid);
    await h.advance(1);
    await until('ended and wrap-up', () => first.of('call-ended').length > 0 && first.of('wrap-up-started').length > 0);
    // The queue's wrap-up time (orders: 30 s), for the page's countdown; the deadline on the server's clock.
    const started = first.last('wrap-up-started') as { callSid: string; wrapUpSeconds: number; deadline: string };
    expect(started).toMatchObject({ callSid, wrapUpSeconds: 30 });
    expect(Date.parse(started.deadline) - h.clock.now()).toBeLessThanOrEqual(30_000);
    expect((await first.command('wrap-up-done', {})).ok).toBe(true);
    await until('wrap-up ended', () => first.of('wrap-up-ended').length > 0);
    expect(first.last('state')).toMatchObject({ state: 'ready', counters: { answered: 1 } });
    expect(second.of('call-connected')).toEqual([]);
    // Supervisors' GET /agents lists every agent with their state.
    const agents = (
      await h.http
        .get('/agents')
        .set('Authorization', `Bearer ${await h.tokenFor('2001')}`)
        .expect(200)
    ).body;
    expect(agents.find((a: { jobNumber: string }) => a.jobNumber === '1003')).toMatchObject({ state: 'ready', today: { answered: 1 } });
    // Agents get their colleagues' presence only (for a transfer): no calls, no figures.
    const directory = (await h.http.get('/agents').set('Authorization', `Bearer ${phone.token}`).expect(200)).body;
    expect(directory.find((a: { jobNumber: string }) => a.jobNumber === '1003')).toEqual({ jobNumber: '1003', name: expect.any(String), state: 'ready' });
  });

  it('the wallboard follows a caller joining and leaving a queue, and names an agent seen for the first time', async () => {
    const supervisor = await connected(await h.tokenFor('2001'));
    await new Promise((r) => setTimeout(r, 400)); // past the wallboard's first throttled build (250 ms)
    const queue = (code: string) => supervisor.last('wallboard')?.queues.find((q: { code: string }) => q.code === code);
    // Nobody ready: the IVR answers and the caller picks the installation queue (2), where they wait.
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE, digits: '2' });
    await h.advanceUntil(() => h.sandbox.getCall(callSid)!.events.some((e) => e.type === 'enqueue'), 40);
    await until('the wallboard shows the caller waiting', () => queue('installation')?.waiting === 1, 2000);
    h.sandbox.hangup(callSid);
    await h.advance(1);
    await until('the wallboard shows the queue empty again', () => queue('installation')?.waiting === 0, 2000);
    // An agent who signs in after the wallboard was first built is named at once, not after a cache expires.
    const phone = await h.agent('1003', { ready: false });
    await connected(phone.token);
    await until('the wallboard lists 1003', () => supervisor.last('wallboard')?.agents.some((a: { jobNumber: string }) => a.jobNumber === '1003'));
    expect(supervisor.last('wallboard').agents.find((a: { jobNumber: string }) => a.jobNumber === '1003')).toMatchObject({ name: '张伟' });
  });

  it('the screen pop counts a call the number abandoned as history, and is pushed again, refreshed, once a work order is created from the call', async () => {
    // Nobody signed in: the caller waits in the orders queue (1), then gives up.
    const abandoned = h.sandbox.placeCall({ from: CALLER, to: HOTLINE, digits: '1' });
    await h.advanceUntil(() => h.sandbox.getCall(abandoned)!.events.some((e) => e.type === 'enqueue'), 40);
    await h.advance(20);
    h.sandbox.hangup(abandoned);
    await h.advance(60);

    const phone = await h.agent('1003');
    const agent = await connected(phone.token);
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    phone.accept();
    await h.advance(1);
    await until('the screen pop', () => agent.of('screen-pop').length > 0);
    const pop = agent.last('screen-pop');
    expect(pop).toMatchObject({ callSid, reason: 'connected', phone: CALLER, customer: null, openWorkOrders: 0, workOrders: [] });
    expect(pop.previousCalls).toEqual([expect.objectContaining({ callSid: abandoned, outcome: 'abandoned', queue: 'orders', agentJobNumber: null })]);
    // The REST screen pop lists the same calls, this one included.
    const rest = (
      await h.http
        .get(`/customers/by-phone/${encodeURIComponent(CALLER)}`)
        .set('Authorization', `Bearer ${phone.token}`)
        .expect(200)
    ).body;
    expect(rest.previousCalls.map((c: { callSid: string }) => c.callSid)).toEqual([callSid, abandoned]);

    const order = (
      await h.http
        .post('/work-orders')
        .set('Authorization', `Bearer ${phone.token}`)
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: CALLER,
          customerName: '李女士',
          description: '洗衣机未送到 washer not delivered',
          callSid,
        })
        .expect(201)
    ).body;
    await until('the refreshed screen pop', () => agent.of('screen-pop').length > 1);
    expect(agent.last('screen-pop')).toMatchObject({
      callSid,
      reason: 'work-order-created',
      customer: { name: '李女士' },
      openWorkOrders: 1,
      workOrders: [{ number: order.number, callSids: [callSid] }],
      calls: [{ callSid, workOrderNumber: order.number }],
    });
    expect(agent.last('screen-pop').previousCalls.map((c: { callSid: string }) => c.callSid)).toEqual([abandoned]);
  });

  it('transfers the connected call to a named agent: the ack names them, the offer goes to them alone, refusals name the problem', async () => {
    const phone = await h.agent('1003');
    const first = await connected(phone.token);
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await until('the offer to 1003', () => first.of('offer').length > 0);
    phone.accept();
    await h.advance(1);
    await until('connected', () => first.of('call-connected').length > 0);
    const bystander = await connected((await h.agent('1004')).token);
    const refusals: [unknown, string, RegExp][] = [
      [{ callSid, queue: 'orders', agent: '1010' }, 'invalid', /exactly one of queue .* or agent/],
      [{ callSid, agent: 'x' }, 'invalid', /agent must be a job number/],
      [{ callSid, agent: '1010' }, 'conflict', /1010 is offline/],
      [{ callSid, agent: '1003' }, 'conflict', /1003 is already on call/],
      [{ callSid, agent: '1999' }, 'not-found', /No agent with job number 1999/],
    ];
    for (const [body, code, message] of refusals) {
      expect(await first.command('transfer', body)).toEqual({ ok: false, error: { command: 'transfer', code, message: expect.stringMatching(message) } });
    }
    expect(first.of('wrap-up-started')).toEqual([]);
    const target = await h.agent('1010');
    const next = await connected(target.token);
    expect(await first.command('transfer', { callSid, agent: '1010' })).toEqual({ ok: true, queue: 'orders', agent: '1010', agentState: 'ready' });
    await until('1003 wraps up', () => first.of('wrap-up-started').length > 0);
    await h.advanceUntil(() => next.of('offer').length > 0, 10);
    await until('the offer to 1010', () => next.of('offer').length > 0);
    expect(next.last('offer')).toMatchObject({ callSid, from: CALLER, queue: 'orders' });
    expect(bystander.of('offer')).toEqual([]);
  });

  const asSupervisor = async () => `Bearer ${await h.tokenFor('2001')}`;
  const agentView = async (jobNumber: string) =>
    (
      await h.http
        .get(`/agents/${jobNumber}`)
        .set('Authorization', await asSupervisor())
        .expect(200)
    ).body;
  const stateLog = async (jobNumber: string) =>
    (
      await h.app
        .get(DataSource)
        .getRepository(AgentStateChange)
        .find({ where: { jobNumber }, order: { id: 'ASC' } })
    ).map((r) => [r.state, r.reason]);

  it('an offer to an agent whose only socket dies is withdrawn at once, not missed: the next agent gets the call; after the grace the agent is offline', async () => {
    const phone = await h.agent('1003');
    await h.advance(1);
    const next = await h.agent('1010');
    const nextSocket = await connected(next.token);
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    expect(phone.ringing?.parameters.From).toBe(CALLER);
    expect(next.ringing).toBeUndefined();

    phone.dropSoftphone(); // tab closed: its socket.io connection ends, nothing else is said
    // No time passes on the call's clock: the offer is withdrawn and the next agent is offered at once.
    await until('the offer to 1010', () => nextSocket.of('offer').length > 0);
    expect(await agentView('1003')).toMatchObject({ state: 'not-ready', reason: 'disconnected', offeredCallId: null });
    await h.advanceUntil(() => next.ringing !== undefined, 15);
    expect(next.ringing?.parameters.From).toBe(CALLER);
    expect(phone.cancelled).toContain(phone.incoming[0].callSid); // the dead page's Device stops ringing too
    next.accept();
    await h.advance(1);
    const call = (
      await h.http
        .get(`/calls/${callSid}`)
        .set('Authorization', await asSupervisor())
        .expect(200)
    ).body;
    expect(call).toMatchObject({ status: 'connected', agentJobNumber: '1010' });
    expect(call.ringSeconds).toBeLessThanOrEqual(15);
    expect(call.offers.map((o: { agentJobNumber: string; result: string }) => [o.agentJobNumber, o.result])).toEqual([
      ['1003', 'cancelled'],
      ['1010', 'answered'],
    ]);

    await h.advance(5); // the reconnect grace (SOFTPHONE_RECONNECT_GRACE_SECONDS, 5) is over
    expect(await agentView('1003')).toMatchObject({ state: 'offline', reason: 'disconnect' });
    await h.app.get(AgentStateLogService).flushed();
    expect(await stateLog('1003')).toEqual([
      ['not-ready', 'login'],
      ['ready', null],
      ['reserved', null],
      ['not-ready', 'disconnected'],
      ['offline', 'disconnect'],
    ]);
    // No missed call against 1003 in the KPIs (piece-rate export): offered once, withdrawn.
    const quality = `Bearer ${await h.tokenFor('3001')}`;
    const kpis = (await h.http.get('/quality/agent-kpis?from=2026-11-23&to=2026-11-23&jobNumber=1003').set('Authorization', quality).expect(200)).body;
    expect(kpis.days).toEqual([expect.objectContaining({ jobNumber: '1003', offered: 1, answered: 0, missed: 0 })]);
  });

  it('two tabs of one agent: closing one keeps the agent ready and the other still gets the offer; closing both takes them off', async () => {
    const phone = await h.agent('1003'); // the first tab (its socket) and the Device
    const second = await connected(phone.token);
    expect(second.last('snapshot').state).toMatchObject({ state: 'ready' });
    phone.dropSoftphone();
    await new Promise((r) => setTimeout(r, 200)); // the server has seen the close
    expect(await agentView('1003')).toMatchObject({ state: 'ready' });
    await h.advance(10); // well past the grace
    expect(await agentView('1003')).toMatchObject({ state: 'ready' });
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await until('the offer in the open tab', () => second.of('offer').length > 0);
    expect(second.last('offer')).toMatchObject({ callSid });
    phone.accept();
    await h.advance(1);
    await until('connected', () => second.of('call-connected').length > 0);
    second.close();
    await until('the last tab is gone', async () => (await agentView('1003')).state === 'on-call' && presenceSeen('1003') === false);
    // The call goes on; its end leaves the agent not-ready (nobody to ring), and the grace then signs them out.
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await agentView('1003')).toMatchObject({ state: 'wrap-up' });
    await h.advance(5);
    expect(await agentView('1003')).toMatchObject({ state: 'offline', reason: 'disconnect' });
  });

  it('a reconnect inside the grace restores ready; signing out is offline at once; nobody can make an agent ready without a softphone', async () => {
    const phone = await h.agent('1003');
    phone.dropSoftphone();
    await until('the grace starts', async () => (await agentView('1003')).state === 'not-ready');
    expect(await agentView('1003')).toMatchObject({ state: 'not-ready', reason: 'disconnected' });
    const supervisor = await asSupervisor();
    // Not offerable meanwhile: a call goes to the IVR, nobody is rung.
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE, digits: '1' });
    await h.advance(2);
    expect(phone.incoming).toEqual([]);
    expect((await h.http.get(`/calls/${callSid}`).set('Authorization', supervisor).expect(200)).body).toMatchObject({ answeredBy: 'ivr' });
    expect((await h.http.put('/agents/1003/state').set('Authorization', supervisor).send({ state: 'ready' }).expect(409)).body.message).toMatch(
      /1003 has no softphone connected/,
    );
    await h.advance(2); // 4 s of the 5 s grace
    const again = await connected(phone.token);
    expect(again.last('snapshot').state).toMatchObject({ state: 'ready' }); // restored
    // Ready again: the caller, queued from the menu, rings this agent.
    await h.advanceUntil(() => phone.ringing !== undefined, 30);
    await until('the offer', () => again.of('offer').length > 0);
    expect(again.last('offer')).toMatchObject({ callSid });
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await agentView('1003')).toMatchObject({ state: 'ready' });

    expect(await again.command('sign-out', {})).toMatchObject({ ok: true, state: { state: 'offline', reason: 'logout' } });
    expect(await agentView('1003')).toMatchObject({ state: 'offline', reason: 'logout' });
    expect((await again.command('set-state', { state: 'ready' })).ok).toBe(true); // the page is still open: it may sign in again
    again.close();
    await until('the grace starts', async () => (await agentView('1003')).state === 'not-ready');
    expect((await h.http.put('/agents/1003/state').set('Authorization', supervisor).send({ state: 'ready' }).expect(409)).body.message).toMatch(
      /no softphone connected/,
    );
    await h.advance(5);
    expect(
      (await h.http.put('/agents/1003/state').set('Authorization', supervisor).send({ state: 'not-ready', reason: 'break' }).expect(409)).body.message,
    ).toBe('1003 is signed out: their softphone page signs them in');
    await h.app.get(AgentStateLogService).flushed();
    expect(await stateLog('1003')).toEqual([
      ['not-ready', 'login'],
      ['ready', null],
      ['not-ready', 'disconnected'],
      ['ready', null],
      ['reserved', null],
      ['ready', null],
      ['offline', 'logout'],
      ['ready', null],
      ['not-ready', 'disconnected'],
      ['offline', 'disconnect'],
    ]);
  });

  it('after a server restart every agent is offline until their softphone reconnects: one who was taking calls is ready again, others sign in not ready', async () => {
    const phone = await h.agent('1003');
    const resting = await h.agent('1004', { ready: false });
    expect(await agentView('1003')).toMatchObject({ state: 'ready' });
    await h.restart();
    expect(await agentView('1003')).toMatchObject({ state: 'offline' });
    await h.app.get(AgentStateLogService).flushed();
    expect((await stateLog('1003')).at(-1)).toEqual(['offline', 'restart']);
    expect(
      (
        await h.http
          .put('/agents/1003/state')
          .set('Authorization', await asSupervisor())
          .send({ state: 'ready' })
          .expect(409)
      ).body.message,
    ).toMatch(/no softphone connected/);
    const again = await connected(phone.token); // the page's socket.io reconnects with its token
    expect(again.last('snapshot').state).toMatchObject({ state: 'ready' }); // as before the restart (RESTART_REJOIN_SECONDS)
    const other = await connected(resting.token);
    expect(other.last('snapshot').state).toMatchObject({ state: 'not-ready', reason: 'login' });
    expect((await other.command('set-state', { state: 'ready' })).ok).toBe(true);
    // Only once: signing out and in again later is an ordinary sign-in.
    expect((await again.command('sign-out', {})).ok).toBe(true);
    again.close();
    const later = await connected(phone.token);
    expect(later.last('snapshot').state).toMatchObject({ state: 'not-ready', reason: 'login' });
  });

  it('an agent whose softphone reconnects later than RESTART_REJOIN_SECONDS after a restart signs in not ready', async () => {
    const phone = await h.agent('1003');
    await h.restart();
    await h.advance(121);
    const again = await connected(phone.token);
    expect(again.last('snapshot').state).toMatchObject({ state: 'not-ready', reason: 'login' });
  });

  it('a reconnect restores the agent state and the connected call', async () => {
    const phone = await h.agent('1003');
    const first = await connected(phone.token);
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    phone.accept();
    await h.advance(1);
    await until('connected', () => first.of('call-connected').length > 0);
    first.close();
    phone.dropSoftphone(); // every socket of the agent; the Device (and the call) stays
    await h.advance(3);

    const again = await connected(phone.token);
    expect(again.last('snapshot')).toMatchObject({ state: { state: 'on-call' }, offer: null, call: { callSid, from: CALLER, queue: 'orders' } });
    expect(again.last('snapshot').call.connectedAt).toEqual(expect.any(String));
    await h.advance(5); // past the grace: back in time, nothing more happens
    expect((await again.command('hang-up', { callSid })).ok).toBe(true);
    await h.advance(1);
    await until('call ended', () => again.of('call-ended').length > 0);
    expect(again.last('state').state).toBe('wrap-up');
    expect((await again.command('wrap-up-done', {})).ok).toBe(true);
    expect(await agentView('1003')).toMatchObject({ state: 'ready' }); // not the not-ready the drop had kept for the call's end
  });

  it('a call that ends while the softphone is away leaves the agent not ready; back within the grace, ready once the wrap-up ends', async () => {
    const phone = await h.agent('1003');
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    phone.accept();
    await h.advance(1);
    expect(await agentView('1003')).toMatchObject({ state: 'on-call' });
    phone.dropSoftphone();
    await until('the grace starts', () => !presenceSeen('1003'));
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(await agentView('1003')).toMatchObject({ state: 'wrap-up' });
    const again = await connected(phone.token);
    expect(again.last('snapshot').state).toMatchObject({ state: 'wrap-up' });
    expect((await again.command('wrap-up-done', {})).ok).toBe(true);
    await until('ready again', async () => (await agentView('1003')).state === 'ready');
    again.close();
    await until('the grace starts', async () => (await agentView('1003')).state === 'not-ready');
    // Away for good: off at once, signed out after the grace.
    await h.advance(5);
    expect(await agentView('1003')).toMatchObject({ state: 'offline', reason: 'disconnect' });
  });

  it('holds and resumes the connected call, and takes the wrap-up disposition (小结) onto the call record', async () => {
    const phone = await h.agent('1003');
    const client = await connected(phone.token);
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    phone.accept();
    await h.advance(2);
    await until('connected', () => client.of('call-connected').length > 0);
    const record = async () => (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${phone.token}`).expect(200)).body;

    expect(await client.command('hold', { callSid })).toEqual({ ok: true });
    await h.advance(2);
    expect((await record()).status).toBe('held');
    expect(h.sandbox.conferences.live(`call-${callSid}`)!.find('customer')!.hold).toBe(true); // participant hold in the call's conference
    expect(await client.command('hold', { callSid })).toEqual({
      ok: false,
      error: { command: 'hold', code: 'conflict', message: `Call ${callSid} is held; this needs it connected` },
    });
    // Another agent cannot touch it.
    const other = await connected((await h.agent('1004', { ready: false })).token);
    expect((await other.command('resume', { callSid })).error).toMatchObject({ code: 'forbidden' });
    const rings = phone.incoming.length;
    expect(await client.command('resume', { callSid })).toEqual({ ok: true });
    await h.advance(1);
    expect(phone.incoming.length).toBe(rings); // nothing rings: the agent never left the call's room
    expect(h.sandbox.conferences.live(`call-${callSid}`)!.find('customer')!.hold).toBe(false);
    expect((await record()).status).toBe('connected');

    expect((await client.command('hang-up', { callSid })).ok).toBe(true);
    await h.advance(1);
    await until('wrap-up', () => client.last('state')?.state === 'wrap-up');
    expect(await client.command('disposition', { callSid, code: 'maybe' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^code must be one of: resolved, work_order/) },
    });
    const done = await client.command('disposition', { callSid, code: 'follow_up', note: '顾客要求明天回电' });
    expect(done).toEqual({ ok: true, disposition: { callSid, code: 'follow_up', note: '顾客要求明天回电' } });
    expect((await other.command('disposition', { callSid, code: 'resolved' })).error).toMatchObject({ code: 'forbidden' });
    expect((await record()).disposition).toEqual({ code: 'follow_up', note: '顾客要求明天回电', at: expect.any(String) });
    // The REST route is the same rule: a later disposition replaces it.
    const rest = await h.http.post(`/calls/${callSid}/disposition`).set('Authorization', `Bearer ${phone.token}`).send({ code: 'resolved' }).expect(201);
    expect(rest.body.disposition).toMatchObject({ code: 'resolved', note: null });
    expect(
      (
        await h.http.post(`/calls/${callSid}/disposition`).set('Authorization', `Bearer ${phone.token}`).send({ code: 'x', note: '' }).expect(400)
      ).body.errors.map(byMessage),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^code must be one of/), 'note must be longer than or equal to 1 characters']));
    expect((await client.command('wrap-up-done', {})).ok).toBe(true);
  });

  it('answers bad commands with an error naming the problem and keeps working', async () => {
    const phone = await h.agent('1003', { ready: false });
    const client = await connected(phone.token);
    const bad: [string, unknown, string, RegExp][] = [
      ['set-state', { state: 'sleeping' }, 'invalid', /state must be one of/],
      ['set-state', { state: 'not-ready' }, 'invalid', /reason must be one of/],
      ['set-state', { state: 'ready', extra: 1 }, 'invalid', /extra should not exist/],
      ['set-state', 'ready', 'invalid', /must be an object/],
      ['set-state', null, 'invalid', /must be an object/],
      ['decline', { callSid: 'nope' }, 'invalid', /callSid must be a Twilio CallSid/],
      ['decline', { callSid: 'CA' + '0'.repeat(32) }, 'conflict', /no offer/],
      ['hang-up', { callSid: 'CA' + '0'.repeat(32) }, 'not-found', /no call/],
      ['transfer', { callSid: 'CA' + '0'.repeat(32) }, 'invalid', /queue/],
      ['wrap-up-done', {}, 'conflict', /not in wrap-up/],
      ['hold', { callSid: 'CA' + '0'.repeat(32) }, 'not-found', /no call/],
      ['disposition', { callSid: 'CA' + '0'.repeat(32) }, 'invalid', /code must be one of/],
    ];
    for (const [event, body, code, message] of bad) {
      const ack = await client.command(event, body);
      expect(ack).toEqual({ ok: false, error: { command: event, code, message: expect.stringMatching(message) } });
      expect(client.last('error')).toEqual(ack.error);
    }
    expect(client.disconnected).toBe(false);
    const ready = await client.command('set-state', { state: 'ready' });
    expect(ready).toMatchObject({ ok: true, state: { state: 'ready' } });
    const notReady = await client.command('set-state', { state: 'not-ready', reason: 'break' });
    expect(notReady).toMatchObject({ ok: true, state: { state: 'not-ready', reason: 'break' } });
    await until('state event', () => client.last('state')?.reason === 'break');

    // A supervisor cannot use agents' commands.
    const supervisor = await connected(await h.tokenFor('2001'));
    expect(await supervisor.command('set-state', { state: 'ready' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
