import { JwtService } from '@nestjs/jwt';
import { DEVELOPMENT_JWT_SECRET } from '../config/config-variables';
import { DEMO_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

describe('sign-in and role guards (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  it('signs in a demo agent by job number and returns a bearer token', async () => {
    const response = await t.http.post('/auth/login').send({ jobNumber: '1001', password: DEMO_PASSWORD }).expect(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', jobNumber: '1001', roles: ['agent'] });
    const me = await t.http.get('/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toEqual({ jobNumber: '1001', name: '王芳', roles: ['agent'], unitCode: null, active: true });
  });

  it('answers a wrong password and an unknown job number alike, with no hint', async () => {
    const wrongPassword = await t.http.post('/auth/login').send({ jobNumber: '1002', password: 'nope-nope' }).expect(401);
    const unknownJob = await t.http.post('/auth/login').send({ jobNumber: '777777', password: DEMO_PASSWORD }).expect(401);
    expect(wrongPassword.body.message).toBe('Job number or password is incorrect');
    expect(unknownJob.body.message).toBe(wrongPassword.body.message);
    expect(JSON.stringify(wrongPassword.body)).not.toMatch(/password hash|stack|at .*\.ts/);
  });

  it('throttles repeated failures for a job number, then refuses even the right password until the window passes', async () => {
    for (let i = 0; i < 3; i++)
      await t.http
        .post('/auth/login')
        .send({ jobNumber: '1003', password: `wrong-${i}` })
        .expect(401);
    const throttled = await t.http.post('/auth/login').send({ jobNumber: '1003', password: DEMO_PASSWORD }).expect(429);
    expect(throttled.body.message).toMatch(/Too many failed sign-ins/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Other job numbers are unaffected.
    await t.http.post('/auth/login').send({ jobNumber: '1004', password: DEMO_PASSWORD }).expect(200);
  });

  it('refuses routes without a token, with a forged token and with an expired one', async () => {
    await t.http.get('/staff').expect(401);
    const forged = await new JwtService({ secret: 'not-the-server-secret-at-all-xxxxxxxx' }).signAsync({
      sub: '1',
      jobNumber: '9001',
      roles: ['admin'],
      unitId: null,
    });
    expect((await t.http.get('/staff').set('Authorization', `Bearer ${forged}`).expect(401)).body.message).toBe('Access token is invalid or expired');
    const expired = await new JwtService({ secret: DEVELOPMENT_JWT_SECRET }).signAsync({
      sub: '1',
      jobNumber: '9001',
      roles: ['admin'],
      unitId: null,
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    await t.http.get('/staff').set('Authorization', `Bearer ${expired}`).expect(401);
    await t.http.get('/staff').set('Authorization', 'Basic abc').expect(401);
  });

  it('enforces roles: agents may not list or create staff; supervisors list; admins create', async () => {
    const agent = await t.tokenFor('1005');
    const supervisor = await t.tokenFor('2001');
    const admin = await t.tokenFor('9001');
    const denied = await t.http.get('/staff').set('Authorization', `Bearer ${agent}`).expect(403);
    expect(denied.body.message).toBe('Requires one of the roles: admin, supervisor');
    const list = await t.http.get('/staff').set('Authorization', `Bearer ${supervisor}`).expect(200);
    expect(list.body.map((s: { jobNumber: string }) => s.jobNumber)).toEqual(expect.arrayContaining(['1001', '1010', '2001', '3001', '4001', '9001']));
    const newcomer = { jobNumber: '1011', name: '新同事', roles: ['agent'], password: 'a-long-password' };
    await t.http.post('/staff').set('Authorization', `Bearer ${supervisor}`).send(newcomer).expect(403);
    const created = await t.http.post('/staff').set('Authorization', `Bearer ${admin}`).send(newcomer).expect(201);
    expect(created.body).toEqual({ jobNumber: '1011', name: '新同事', roles: ['agent'], unitCode: null, active: true });
    await t.http.post('/auth/login').send({ jobNumber: '1011', password: 'a-long-password' }).expect(200);
    const duplicate = await t.http.post('/staff').set('Authorization', `Bearer ${admin}`).send(newcomer).expect(409);
    expect(duplicate.body).toMatchObject({ code: 'staff.job_number_taken', params: { jobNumber: '1011' }, message: 'jobNumber 1011 is already taken' });
  });

  it('validates new staff, naming each bad field', async () => {
    const admin = await t.tokenFor('9001');
    const response = await t.http
      .post('/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ jobNumber: 'A12', name: '', roles: ['agent', 'janitor'], password: 'short', badge: 'x' })
      .expect(400);
    expect(response.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        'property badge should not exist',
        'jobNumber must be 3 to 16 digits',
        'name must be longer than or equal to 1 characters',
        'each value in roles must be one of: agent, supervisor, quality, terminal, admin',
        'password must be 8 to 256 characters',
      ]),
    );
    const terminal = await t.http
      .post('/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ jobNumber: '4002', name: '店员', roles: ['terminal'], password: 'a-long-password', unitCode: 'S999' })
      .expect(400);
    expect(terminal.body).toMatchObject({ code: 'unit.unknown', params: { field: 'unitCode', unit: 'S999' }, message: 'unitCode "S999" is not a known unit' });
    const noUnit = await t.http
      .post('/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ jobNumber: '4002', name: '店员', roles: ['terminal'], password: 'a-long-password' })
      .expect(400);
    expect(noUnit.body.code).toBe('staff.unit_required');
    const policy = await t.http
      .get('/staff/password-policy')
      .set('Authorization', `Bearer ${await t.tokenFor('4001')}`)
      .expect(200);
    expect(policy.body).toEqual({ minLength: 10, maxLength: 256, minDistinctCharacters: 4 });
  });

  it('puts the terminal unit of store staff into their token', async () => {
    const login = await t.http.post('/auth/login').send({ jobNumber: '4001', password: DEMO_PASSWORD }).expect(200);
    const me = await t.http.get('/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ roles: ['terminal'], unitCode: 'S001' });
  });
});
