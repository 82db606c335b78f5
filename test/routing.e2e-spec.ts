import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import { startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

describe('routing configuration and agent state (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  const softphones: Socket[] = [];
  /** Opens the agent's softphone socket, as their page does (presence: it signs them in). */
  const softphone = async (jobNumber: string) => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const socket = io(`http://127.0.0.1:${port}/softphone`, {
      auth: { token: await t.tokenFor(jobNumber) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    softphones.push(socket);
    await new Promise((resolve) => socket.once('snapshot', resolve));
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    admin = await t.tokenFor('9001');
    supervisor = await t.tokenFor('2001');
  });
  afterAll(async () => {
    for (const socket of softphones) socket.close();
    await t.close();
  });

  it('lists the six queues of the design with their skills and IVR keys', async () => {
    const agent = await t.tokenFor('1001');
    const queues = (await t.http.get('/queues').set(auth(agent)).expect(200)).body;
    expect(queues.map((q: { code: string; menuKey: string }) => `${q.code}:${q.menuKey}`)).toEqual([
      'complaints:0',
      'orders:1',
      'installation:2',
      'invoices:3',
      'membership:4',
      'warranty:5',
    ]);
    expect(queues[0]).toMatchObject({ skillCode: 'complaints', strategy: 'longest-idle', serviceLevelSeconds: 20, overflowQueueCode: null });
  });

  it('creates skills and queues, rejecting unknown skills, duplicates and bad values clearly', async () => {
    await t.http.post('/skills').set(auth(admin)).send({ code: 'vip', name: 'VIP 绿色通道' }).expect(201);
    expect((await t.http.post('/skills').set(auth(admin)).send({ code: 'vip', name: 'again' }).expect(409)).body.message).toBe('skill vip already exists');
    const created = await t.http
      .post('/queues')
      .set(auth(admin))
      .send({ code: 'vip', name: 'VIP', skillCode: 'vip', strategy: 'round-robin', menuKey: '9' })
      .expect(201);
    expect(created.body).toMatchObject({
      code: 'vip',
      skillCode: 'vip',
      strategy: 'round-robin',
      wrapUpSeconds: 30,
      maxWaitSeconds: 600,
      joinWhenNoAgents: true,
    });
    const unknownSkill = await t.http.post('/queues').set(auth(admin)).send({ code: 'x1', name: 'X', skillCode: 'nope' }).expect(400);
    expect(unknownSkill.body.message).toBe('skillCode nope is not a known skill');
    const bad = await t.http
      .post('/queues')
      .set(auth(admin))
      .send({ code: 'X!', name: 'X', skillCode: 'vip', strategy: 'random', wrapUpSeconds: -1 })
      .expect(400);
    expect(bad.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        'code must be 2–32 characters of a-z, 0-9, _ or -, starting with a letter',
        expect.stringMatching(/^strategy must be one of the following values: longest-idle/),
        'wrapUpSeconds must not be less than 0',
      ]),
    );
    const takenKey = await t.http.post('/queues').set(auth(admin)).send({ code: 'x2', name: 'X', skillCode: 'vip', menuKey: '0' }).expect(409);
    expect(takenKey.body.message).toBe('menuKey 0 already leads to queue complaints');
    await t.http.post('/queues').set(auth(supervisor)).send({ code: 'x3', name: 'X', skillCode: 'vip' }).expect(403);
  });

  it('refuses overflow loops and half-given overflow settings', async () => {
    await t.http.patch('/queues/invoices').set(auth(supervisor)).send({ overflowQueueCode: 'membership', overflowAfterSeconds: 60 }).expect(200);
    await t.http.patch('/queues/membership').set(auth(supervisor)).send({ overflowQueueCode: 'warranty', overflowAfterSeconds: 60 }).expect(200);
    const loop = await t.http.patch('/queues/warranty').set(auth(supervisor)).send({ overflowQueueCode: 'invoices', overflowAfterSeconds: 30 }).expect(409);
    expect(loop.body.message).toBe('overflow would loop: warranty → invoices → membership → warranty');
    expect((await t.http.get('/queues/warranty').set(auth(supervisor)).expect(200)).body.overflowQueueCode).toBeNull();
    const half = await t.http.patch('/queues/warranty').set(auth(supervisor)).send({ overflowQueueCode: 'orders' }).expect(400);
    expect(half.body.message).toBe('overflowQueueCode and overflowAfterSeconds go together: give both or neither');
    await t.http.patch('/queues/nosuch').set(auth(supervisor)).send({ wrapUpSeconds: 10 }).expect(404);
  });

  it('refuses null for queue settings that cannot be cleared, and clears the IVR key and overflow with null', async () => {
    const refused = await t.http
      .patch('/queues/installation')
      .set(auth(supervisor))
      .send({ strategy: null, wrapUpSeconds: null, name: null, joinWhenNoAgents: null })
      .expect(400);
    expect(refused.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^strategy must be one of/),
        'wrapUpSeconds must be an integer number',
        'name must be a string',
        'joinWhenNoAgents must be a boolean value',
      ]),
    );
    await t.http.patch('/queues/installation').set(auth(supervisor)).send({ overflowQueueCode: 'orders', overflowAfterSeconds: 90 }).expect(200);
    const cleared = await t.http
      .patch('/queues/installation')
      .set(auth(supervisor))
      .send({ menuKey: null, overflowQueueCode: null, overflowAfterSeconds: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ code: 'installation', menuKey: null, overflowQueueCode: null, overflowAfterSeconds: null, strategy: 'longest-idle' });
    await t.http.patch('/queues/installation').set(auth(supervisor)).send({ menuKey: '2' }).expect(200);
  });

  it('validates agents’ skills: unknown skill, level out of range, non-agents', async () => {
    const level = await t.http
      .put('/agents/1001/skills')
      .set(auth(supervisor))
      .send({ skills: [{ skillCode: 'complaints', level: 9 }] })
      .expect(400);
    expect(level.body.errors.map(byMessage)).toEqual(['skills.0.level must be from 1 (best) to 5']);
    const unknown = await t.http
      .put('/agents/1001/skills')
      .set(auth(supervisor))
      .send({ skills: [{ skillCode: 'cooking', level: 1 }] })
      .expect(400);
    expect(unknown.body.message).toBe('unknown skill cooking');
    const twice = await t.http
      .put('/agents/1001/skills')
      .set(auth(supervisor))
      .send({
        skills: [
          { skillCode: 'orders', level: 1 },
          { skillCode: 'orders', level: 2 },
        ],
      })
      .expect(400);
    expect(twice.body.errors.map(byMessage)).toEqual(['skills must not name a skill twice']);
    expect((await t.http.put('/agents/2001/skills').set(auth(supervisor)).send({ skills: [] }).expect(409)).body.message).toBe('2001 is not an agent');
    await t.http.put('/agents/5555/skills').set(auth(supervisor)).send({ skills: [] }).expect(404);
  });

  it('lets a supervisor force an agent’s state and agents set only their own', async () => {
    const before = (await t.http.get('/agents/1003').set(auth(supervisor)).expect(200)).body;
    expect(before).toMatchObject({
      jobNumber: '1003',
      state: 'offline',
      skills: [
        { skillCode: 'orders', level: 1 },
        { skillCode: 'installation', level: 1 },
      ],
    });
    // Presence is the session: nobody makes an agent ready without their softphone connected.
    expect((await t.http.put('/agents/1003/state').set(auth(supervisor)).send({ state: 'ready' }).expect(409)).body.message).toMatch(
      /^1003 has no softphone connected/,
    );
    await softphone('1003');
    expect((await t.http.get('/agents/1003').set(auth(supervisor)).expect(200)).body).toMatchObject({ state: 'not-ready', reason: 'login' });
    const ready = await t.http.put('/agents/1003/state').set(auth(supervisor)).send({ state: 'ready' }).expect(200);
    expect(ready.body).toMatchObject({ jobNumber: '1003', state: 'ready', reason: null });
    expect((await t.http.get('/queues/orders').set(auth(supervisor)).expect(200)).body.live).toMatchObject({ waiting: 0, readyAgents: 1 });

    const missingReason = await t.http.put('/agents/1003/state').set(auth(supervisor)).send({ state: 'not-ready' }).expect(400);
    expect(missingReason.body.errors.map(byMessage)).toEqual([expect.stringMatching(/^reason must be one of: break, meal, training/)]);
    const onBreak = await t.http.put('/agents/1003/state').set(auth(supervisor)).send({ state: 'not-ready', reason: 'break' }).expect(200);
    expect(onBreak.body).toMatchObject({ state: 'not-ready', reason: 'break' });
    expect((await t.http.get('/queues/orders').set(auth(supervisor)).expect(200)).body.live.readyAgents).toBe(0);

    const agent = await t.tokenFor('1004');
    await softphone('1004');
    await t.http.put('/agents/1004/state').set(auth(agent)).send({ state: 'ready' }).expect(200);
    expect((await t.http.get('/agents/1004').set(auth(agent)).expect(200)).body.state).toBe('ready');
    expect((await t.http.put('/agents/1003/state').set(auth(agent)).send({ state: 'ready' }).expect(403)).body.message).toBe(
      'Agents may only act on their own state',
    );
    await t.http.get('/agents/1003').set(auth(agent)).expect(403);
    await t.http.put('/agents/1004/state').set(auth(agent)).send({ state: 'asleep' }).expect(400);
  });

  it('moves an agent between queues and the running engine follows without a restart', async () => {
    await softphone('1006');
    await t.http.put('/agents/1006/state').set(auth(supervisor)).send({ state: 'ready' }).expect(200);
    const complaintsBefore = (await t.http.get('/queues/complaints').set(auth(supervisor)).expect(200)).body.live.readyAgents;
    const invoicesBefore = (await t.http.get('/queues/invoices').set(auth(supervisor)).expect(200)).body.live.readyAgents;
    const moved = await t.http.post('/agents/1006/move').set(auth(supervisor)).send({ fromQueue: 'invoices', toQueue: 'complaints', level: 1 }).expect(201);
    expect(moved.body).toEqual(
      expect.arrayContaining([
        { skillCode: 'complaints', level: 1 },
        { skillCode: 'membership', level: 1 },
      ]),
    );
    expect(moved.body).not.toContainEqual(expect.objectContaining({ skillCode: 'invoices' }));
    expect((await t.http.get('/queues/complaints').set(auth(supervisor)).expect(200)).body.live.readyAgents).toBe(complaintsBefore + 1);
    expect((await t.http.get('/queues/invoices').set(auth(supervisor)).expect(200)).body.live.readyAgents).toBe(invoicesBefore - 1);
    const badMove = await t.http.post('/agents/1006/move').set(auth(supervisor)).send({ toQueue: 'nowhere' }).expect(400);
    expect(badMove.body.message).toBe('toQueue nowhere is not a known queue');
  });
});
