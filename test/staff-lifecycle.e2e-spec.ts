import { io, Socket } from 'socket.io-client';
import { DEMO_PASSWORD } from './support/test-app';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { byMessage } from './support/error-body';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A /softphone client recording what it receives and whether the server closed it. */
class SoftphoneClient {
  readonly errors: Array<{ code: string; message: string }> = [];
  disconnectReason: string | null = null;
  constructor(readonly socket: Socket) {
    socket.on('error', (e: { code: string; message: string }) => this.errors.push(e));
    socket.on('disconnect', (reason) => (this.disconnectReason = reason));
  }
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('staff lifecycle (e2e: HTTP, /softphone sockets and routing)', () => {
  let h: TelephonyHarness;
  let admin: string;
  let supervisor: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    h = await startTelephonyHarness();
    [admin, supervisor] = await Promise.all([h.tokenFor('9001'), h.tokenFor('2001')]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await h.close();
  });

  const softphone = async (token: string): Promise<SoftphoneClient> => {
    const socket = io(`${h.baseUrl}/softphone`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const client = new SoftphoneClient(socket);
    await until('the handshake to settle', () => socket.connected || client.disconnectReason !== null || client.errors.length > 0);
    return client;
  };
  const agentState = async (jobNumber: string) => (await h.http.get(`/agents/${jobNumber}`).set(auth(supervisor)).expect(200)).body.state;
  const audit = async (query: string) => (await h.http.get(`/staff/audit?${query}`).set(auth(admin)).expect(200)).body;

  it('deactivation refuses the token and the socket at once, takes the agent offline, and reactivation lets them sign in again', async () => {
    const phone = await h.agent('1003'); // signed in, softphone registered, ready
    const client = await softphone(phone.token);
    await until('the socket to join', () => client.socket.connected);
    expect(await agentState('1003')).toBe('ready');

    const deactivated = await h.http.post('/staff/1003/deactivate').set(auth(admin)).send({ reason: '离职 left the company' }).expect(200);
    expect(deactivated.body).toEqual({ jobNumber: '1003', name: expect.any(String), roles: ['agent'], unitCode: null, active: false });

    expect((await h.http.get('/auth/me').set(auth(phone.token)).expect(401)).body.message).toBe('Access token is invalid or expired');
    await until('the socket to be closed by the server', () => client.disconnectReason !== null);
    expect(client.disconnectReason).toBe('io server disconnect');
    expect(client.errors).toContainEqual(expect.objectContaining({ code: 'unauthorized', message: 'access withdrawn (deactivated): sign in again' }));
    const again = await softphone(phone.token);
    expect(again.socket.connected).toBe(false);
    expect(again.errors).toContainEqual(expect.objectContaining({ code: 'unauthorized' }));
    await until('the agent to be offline', async () => (await agentState('1003')) === 'offline');
    const forced = await h.http.put('/agents/1003/state').set(auth(supervisor)).send({ state: 'ready' }).expect(409);
    expect(forced.body.message).toBe('Staff 1003 is deactivated');
    await h.http.post('/auth/login').send({ jobNumber: '1003', password: DEMO_PASSWORD }).expect(401);

    await h.http.post('/staff/1003/deactivate').set(auth(admin)).send({}).expect(409);
    const reactivated = await h.http.post('/staff/1003/reactivate').set(auth(admin)).send({ reason: '返聘 rehired' }).expect(200);
    expect(reactivated.body.active).toBe(true);
    await h.http.get('/auth/me').set(auth(phone.token)).expect(401); // tokens from before stay refused
    const fresh = await h.tokenFor('1003');
    await h.http.get('/auth/me').set(auth(fresh)).expect(200);

    const entries = (await audit('jobNumber=1003')).items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['reactivate', 'deactivate']);
    expect(entries[1]).toMatchObject({ jobNumber: '1003', by: '9001', reason: '离职 left the company', before: { active: true }, after: { active: false } });
    expect(Date.parse(entries[1].at)).not.toBeNaN();
  });

  it('refuses deactivating yourself, the last active admin and unknown staff; only admins may', async () => {
    const self = await h.http.post('/staff/9001/deactivate').set(auth(admin)).send({}).expect(409);
    expect(self.body).toMatchObject({ code: 'staff.cannot_deactivate_self', message: 'You cannot deactivate your own account' });
    const lastAdmin = await h.http
      .put('/staff/9001/roles')
      .set(auth(admin))
      .send({ roles: ['supervisor'] })
      .expect(409);
    expect(lastAdmin.body).toMatchObject({ code: 'staff.last_admin', params: { jobNumber: '9001', change: 'remove_admin' } });
    expect(
      (
        await h.http
          .put('/staff/9001/roles')
          .set(auth(admin))
          .send({ roles: ['supervisor'] })
          .expect(409)
      ).body.message,
    ).toBe('Cannot remove the admin role from the last active admin (9001)');
    expect((await h.http.post('/staff/5555/deactivate').set(auth(admin)).send({}).expect(404)).body).toMatchObject({
      code: 'staff.not_found',
      params: { jobNumber: '5555' },
      message: 'No staff with jobNumber 5555',
    });
    expect((await h.http.post('/staff/1004/deactivate').set(auth(supervisor)).send({}).expect(403)).body.message).toBe('Requires one of the roles: admin');
    await h.http.get('/staff/audit').set(auth(supervisor)).expect(403);
    const bad = await h.http.post('/staff/1004/deactivate').set(auth(admin)).send({ reason: '', extra: 1 }).expect(400);
    expect(bad.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['property extra should not exist', 'reason must be longer than or equal to 1 characters']),
    );
    expect((await h.http.get('/staff/1004').set(auth(admin)).expect(200)).body.active).toBe(true);
  });

  it('lets an admin reset a password under the policy; the old password and tokens stop working', async () => {
    const before = await h.tokenFor('1005');
    const weak = await h.http.post('/staff/1005/password-reset').set(auth(admin)).send({ newPassword: 'short' }).expect(400);
    expect(weak.body).toMatchObject({ code: 'password.length', params: { minLength: 10, maxLength: 256 }, message: 'password must be 10 to 256 characters' });
    expect((await h.http.post('/staff/1005/password-reset').set(auth(admin)).send({ newPassword: 'Password1234' }).expect(400)).body.message).toBe(
      'password is too common; choose another',
    );
    expect((await h.http.post('/staff/1005/password-reset').set(auth(admin)).send({ newPassword: 'aaaaabbbbbaaaaa' }).expect(400)).body.message).toBe(
      'password must use at least 4 different characters',
    );
    expect((await h.http.post('/staff/1005/password-reset').set(auth(admin)).send({ newPassword: 'agent-1005-pass' }).expect(400)).body.message).toBe(
      'password must not contain the job number',
    );
    await h.http.get('/auth/me').set(auth(before)).expect(200); // refusals change nothing

    await h.http.post('/staff/1005/password-reset').set(auth(admin)).send({ newPassword: 'kettle on the stove', reason: 'forgot it' }).expect(200);
    await h.http.get('/auth/me').set(auth(before)).expect(401);
    await h.http.post('/auth/login').send({ jobNumber: '1005', password: DEMO_PASSWORD }).expect(401);
    await h.http.post('/auth/login').send({ jobNumber: '1005', password: 'kettle on the stove' }).expect(200);
    const [entry] = (await audit('jobNumber=1005&action=reset-password')).items;
    expect(entry).toMatchObject({ action: 'reset-password', by: '9001', reason: 'forgot it' });
    expect(JSON.stringify(entry)).not.toMatch(/kettle|scrypt/);
  });

  it('lets staff change their own password with the current one; other sessions end and a fresh token is returned', async () => {
    const session = await h.tokenFor('1006');
    const other = await h.tokenFor('1006');
    const wrong = await h.http
      .post('/staff/me/password')
      .set(auth(session))
      .send({ currentPassword: 'not-my-password', newPassword: 'a brand new secret' })
      .expect(403);
    expect(wrong.body).toMatchObject({ code: 'staff.current_password_incorrect', message: 'currentPassword is incorrect' });
    const same = await h.http.post('/staff/me/password').set(auth(session)).send({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }).expect(400);
    expect(same.body).toMatchObject({ code: 'password.unchanged', message: 'newPassword must differ from the current password' });
    const missing = await h.http.post('/staff/me/password').set(auth(session)).send({}).expect(400);
    expect(missing.body.errors.map(byMessage)).toEqual(expect.arrayContaining(['currentPassword must be a string', 'newPassword must be a string']));

    const changed = await h.http
      .post('/staff/me/password')
      .set(auth(session))
      .send({ currentPassword: DEMO_PASSWORD, newPassword: 'a brand new secret' })
      .expect(200);
    expect(changed.body).toMatchObject({ tokenType: 'Bearer', jobNumber: '1006', roles: ['agent'] });
    await h.http.get('/auth/me').set(auth(session)).expect(401);
    await h.http.get('/auth/me').set(auth(other)).expect(401);
    await h.http.get('/auth/me').set(auth(changed.body.accessToken)).expect(200);
    await h.http.post('/auth/login').send({ jobNumber: '1006', password: 'a brand new secret' }).expect(200);
    expect((await audit('jobNumber=1006')).items[0]).toMatchObject({ action: 'change-password', by: '1006' });
  });

  it('changes roles: the old token ends, the next sign-in carries the new roles; terminal staff need a unit', async () => {
    const before = await h.tokenFor('1007');
    const client = await softphone(before);
    await until('the socket to join', () => client.socket.connected);
    expect(
      (
        await h.http
          .put('/staff/1007/roles')
          .set(auth(admin))
          .send({ roles: ['terminal'] })
          .expect(400)
      ).body.message,
    ).toBe('unitCode is required for terminal staff');
    expect(
      (
        await h.http
          .put('/staff/1007/roles')
          .set(auth(admin))
          .send({ roles: ['terminal'], unitCode: 'S999' })
          .expect(400)
      ).body.message,
    ).toBe('unitCode "S999" is not a known unit');
    const bad = await h.http
      .put('/staff/1007/roles')
      .set(auth(admin))
      .send({ roles: ['janitor'] })
      .expect(400);
    expect(bad.body.errors.map(byMessage)).toEqual(['each value in roles must be one of: agent, supervisor, quality, terminal, admin']);

    const changed = await h.http
      .put('/staff/1007/roles')
      .set(auth(admin))
      .send({ roles: ['agent', 'supervisor'] })
      .expect(200);
    expect(changed.body).toMatchObject({ jobNumber: '1007', roles: ['agent', 'supervisor'], active: true });
    await h.http.get('/auth/me').set(auth(before)).expect(401);
    await until('the socket to be closed', () => client.disconnectReason !== null);
    const login = await h.http.post('/auth/login').send({ jobNumber: '1007', password: DEMO_PASSWORD }).expect(200);
    expect(login.body.roles).toEqual(['agent', 'supervisor']);
    await h.http.get('/staff').set(auth(login.body.accessToken)).expect(200);

    await h.http
      .put('/staff/1008/roles')
      .set(auth(admin))
      .send({ roles: ['terminal'], unitCode: 'S002' })
      .expect(200);
    const me = await h.http
      .get('/auth/me')
      .set(auth(await h.tokenFor('1008')))
      .expect(200);
    expect(me.body).toMatchObject({ roles: ['terminal'], unitCode: 'S002' });
    const [entry] = (await audit('jobNumber=1008')).items;
    expect(entry).toMatchObject({ action: 'change-roles', before: { roles: ['agent'], unitCode: null }, after: { roles: ['terminal'], unitCode: 'S002' } });
  });

  it('creates accounts under the policy and lists every change, newest first, a page at a time', async () => {
    const common = await h.http
      .post('/staff')
      .set(auth(admin))
      .send({ jobNumber: '1020', name: '新同事', roles: ['agent'], password: 'iloveyou' })
      .expect(400);
    expect(common.body.message).toBe('password must be 10 to 256 characters');
    await h.http
      .post('/staff')
      .set(auth(admin))
      .send({ jobNumber: '1020', name: '新同事', roles: ['agent'], password: 'woaini1314' })
      .expect(400);
    await h.http
      .post('/staff')
      .set(auth(admin))
      .send({ jobNumber: '1020', name: '新同事', roles: ['agent'], password: 'green tea at noon' })
      .expect(201);
    await h.http.post('/auth/login').send({ jobNumber: '1020', password: 'green tea at noon' }).expect(200);

    const first = await audit('limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ action: 'create', jobNumber: '1020', by: '9001', before: null, after: { roles: ['agent'], active: true } });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await audit(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    expect((await h.http.get('/staff/audit?cursor=nonsense').set(auth(admin)).expect(400)).body.errors.map(byMessage)).toEqual([
      'cursor is not a cursor this API gave out',
    ]);
    expect((await h.http.get('/staff/audit?action=delete').set(auth(admin)).expect(400)).body.errors.map(byMessage)).toEqual([
      expect.stringMatching(/^action must be one of the following values/),
    ]);
  });
});
