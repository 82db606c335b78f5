import { computeTwilioSignature, formEncode, SANDBOX_DEFAULT_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN } from '@hotline/twilio-sandbox';
import type { INestApplication } from '@nestjs/common';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { loadConfig } from '../config/load-config';
import { freePort } from '../scripts/bench-server';
import { createApp } from '../src/app';
import { PRODUCTION_SANDBOX } from './support/production-env';
import { DEMO_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { createTestDatabase, TestDatabase } from './support/test-database';

const HOTLINE = '4008001234';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Resolves with how a socket.io connection attempt ended: connected, or refused with the server's message. */
function attempt(socket: Socket): Promise<{ connected: boolean; error?: string }> {
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ connected: true }));
    socket.on('connect_error', (error) => resolve({ connected: false, error: error.message }));
  });
}

describe('hardening: production (NODE_ENV=production with the sandbox opted in)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let baseUrl: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = await createApp(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-jwt-secret-of-enough-length',
        ...PRODUCTION_SANDBOX,
        LOG_LEVEL: 'silent',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: baseUrl,
        ...db.env,
      }),
    );
    await app.listen(port, '127.0.0.1');
    http = request(baseUrl);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('keeps the sandbox pages and control API behind the account credentials', async () => {
    expect((await http.get('/sandbox').expect(401)).headers['www-authenticate']).toBe('Basic realm="Twilio sandbox"');
    await http.post('/sandbox/calls').send({ from: '+8613800138000', to: HOTLINE }).expect(401);
    await http.get('/sandbox/calls').auth(SANDBOX_DEFAULT_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN).expect(401);
    const calls = await http.get('/sandbox/calls').auth(SANDBOX_DEFAULT_ACCOUNT_SID, PRODUCTION_SANDBOX.TWILIO_AUTH_TOKEN).expect(200);
    expect(calls.body).toEqual({ calls: [] });
  });

  it("refuses the REST API with the sandbox's published credentials", async () => {
    const path = `/2010-04-01/Accounts/${SANDBOX_DEFAULT_ACCOUNT_SID}/Calls.json`;
    await http.get(path).auth(SANDBOX_DEFAULT_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN).expect(401);
    await http.get(path).auth(SANDBOX_DEFAULT_ACCOUNT_SID, PRODUCTION_SANDBOX.TWILIO_AUTH_TOKEN).expect(200);
  });

  it('refuses webhooks signed with the default token and accepts the configured one', async () => {
    const params = { CallSid: 'CA' + 'b'.repeat(32), From: '+8613900000005', To: HOTLINE, CallStatus: 'ringing', AccountSid: SANDBOX_DEFAULT_ACCOUNT_SID };
    const url = `${baseUrl}/twilio/voice/incoming`;
    const forged = await http
      .post('/twilio/voice/incoming')
      .type('form')
      .set('X-Twilio-Signature', computeTwilioSignature(SANDBOX_DEFAULT_AUTH_TOKEN, url, params))
      .send(formEncode(params))
      .expect(403);
    expect(forged.body.message).toBe('X-Twilio-Signature does not verify');
    await http
      .post('/twilio/voice/incoming')
      .type('form')
      .set('X-Twilio-Signature', computeTwilioSignature(PRODUCTION_SANDBOX.TWILIO_AUTH_TOKEN, url, params))
      .send(formEncode(params))
      .expect(200);
  });

  it('serves /metrics only with METRICS_TOKEN as a bearer token', async () => {
    expect((await http.get('/metrics').expect(401)).body.message).toBe('Missing bearer token (METRICS_TOKEN)');
    expect((await http.get('/metrics').set(auth('not-the-metrics-token')).expect(401)).body.message).toBe('The metrics token is wrong');
    const scrape = await http.get('/metrics').set(auth(PRODUCTION_SANDBOX.METRICS_TOKEN)).expect(200);
    expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(scrape.text).toContain('http_request_duration_seconds');
  });

  it('does not serve the API documentation unless API_DOCS=true', async () => {
    await http.get('/docs').expect(404);
    await http.get('/docs/openapi.json').expect(404);
  });
});

describe('hardening: the socket.io server, the sandbox and the screen pop (e2e)', () => {
  let h: TelephonyHarness;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    h = await startTelephonyHarness();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await h.close();
  });
  const socket = (namespace: string, token?: string) => {
    const s = io(`${h.baseUrl}${namespace}`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return s;
  };

  it('refuses connections to the root namespace, anonymous or signed in; /softphone still connects', async () => {
    const anonymous = socket('/');
    expect(await attempt(anonymous)).toEqual({ connected: false, error: 'unknown namespace: connect to /softphone' });
    expect(anonymous.connected).toBe(false);
    expect(await attempt(socket('/', await h.tokenFor('1001')))).toMatchObject({ connected: false });
    expect(await attempt(socket('/softphone', await h.tokenFor('1002')))).toEqual({ connected: true });
  });

  it('answers a replay of an unknown sandbox webhook with 404, not 500', async () => {
    const response = await h.http.post('/sandbox/webhooks/x/replay').expect(404);
    expect(response.body).toEqual({ error: 'no webhook delivery x', code: 0 });
  });

  it('serves /docs and an open /metrics outside production (no METRICS_TOKEN)', async () => {
    const document = await h.http.get('/docs/openapi.json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/staff/{jobNumber}/deactivate', '/staff/me/password', '/staff/audit']));
    await h.http.get('/metrics').expect(200);
  });

  it('lists in the screen pop only the work orders the agent may open, as GET /work-orders/:number does', async () => {
    const [creator, colleague, supervisor] = await Promise.all(['1001', '1002', '2001'].map((j) => h.tokenFor(j)));
    const phone = '13700137000';
    const order = (
      await h.http
        .post('/work-orders')
        .set(auth(creator))
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: phone,
          customerName: '赵女士',
          description: '送货迟到',
        })
        .expect(201)
    ).body;
    await h.http.get(`/work-orders/${order.number}`).set(auth(colleague)).expect(404);
    const colleagueView = (await h.http.get(`/customers/by-phone/${phone}`).set(auth(colleague)).expect(200)).body;
    expect(colleagueView.workOrders).toEqual([]);
    expect(colleagueView.calls).toEqual([]);
    const own = (await h.http.get(`/customers/by-phone/${phone}`).set(auth(creator)).expect(200)).body;
    expect(own.workOrders.map((o: { number: string }) => o.number)).toEqual([order.number]);
    const supervisorView = (await h.http.get(`/customers/by-phone/${phone}`).set(auth(supervisor)).expect(200)).body;
    expect(supervisorView.workOrders.map((o: { number: string }) => o.number)).toEqual([order.number]);
  });

  it("refuses store staff an order for another unit, so they never see that customer's name and number", async () => {
    const agent = await h.tokenFor('1003');
    const store = await h.tokenFor('4001'); // unit S001
    const phone = '13600136000';
    await h.http
      .post('/work-orders')
      .set(auth(agent))
      .send({
        channel: 'hotline',
        type: 'inquiry',
        category: 'installation',
        terminal: 'store',
        unitCode: 'S002',
        customerPhone: phone,
        customerName: '钱先生',
        description: '安装预约',
      })
      .expect(201);
    const refused = await h.http
      .post('/work-orders')
      .set(auth(store))
      .send({
        channel: 'store_walk_in',
        type: 'complaint',
        category: 'staff_attitude',
        terminal: 'store',
        unitCode: 'S002',
        customerPhone: phone,
        description: '门店投诉',
      })
      .expect(403);
    expect(refused.body.message).toBe('unitCode S002 is not your unit: terminal staff create work orders for their own unit only');
    expect(JSON.stringify(refused.body)).not.toMatch(/钱先生|8613600136000/);
    const own = await h.http
      .post('/work-orders')
      .set(auth(store))
      .send({
        channel: 'store_walk_in',
        type: 'complaint',
        category: 'staff_attitude',
        terminal: 'store',
        unitCode: 'S001',
        customerPhone: '13500135000',
        description: '门店投诉',
      })
      .expect(201);
    expect(own.body.unit.code).toBe('S001');
  });
});

describe('hardening: sign-in throttling behind one shared address (e2e)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '5' });
  });
  afterEach(() => t.close());
  const login = (jobNumber: string, password: string, forwardedFor?: string) => {
    const req = t.http.post('/auth/login');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ jobNumber, password });
  };

  it('lets the right password in from an address with 20+ failures against other job numbers', async () => {
    await login('1001', DEMO_PASSWORD).expect(200); // 1001 has signed in here before
    for (let i = 0; i < 20; i++) await login(`77${String(i).padStart(3, '0')}`, `guess-${i}`).expect(401);
    // The address is noisy now: a further guess at an account it never signed in to throttles that account at once.
    const spray = await login('1005', 'guess-again').expect(429);
    expect(spray.body.message).toMatch(/^Too many failed sign-ins; try again in \d+ s$/);
    await login('1005', DEMO_PASSWORD).expect(429);
    // Everyone else behind the address still signs in, whether or not they did before from it.
    await login('1001', DEMO_PASSWORD).expect(200);
    await login('1002', DEMO_PASSWORD).expect(200);
    await login('2001', DEMO_PASSWORD).expect(200);
  });

  it("does not count a member's own mistyped passwords against the shared address", async () => {
    for (const jobNumber of ['1001', '1002', '1003', '1004', '1006']) await login(jobNumber, DEMO_PASSWORD).expect(200);
    for (let round = 0; round < 5; round++) {
      for (const jobNumber of ['1001', '1002', '1003', '1004', '1006']) await login(jobNumber, 'typo-typo').expect(401);
      for (const jobNumber of ['1001', '1002', '1003', '1004', '1006']) await login(jobNumber, DEMO_PASSWORD).expect(200);
    }
    // 25 failures from the address, none against a stranger's account: an unknown number still gets a plain 401.
    await login('77777', 'guess').expect(401);
  });

  it('still throttles one job number after LOGIN_MAX_FAILURES, from any address', async () => {
    for (let i = 0; i < 5; i++) await login('1007', `wrong-${i}`).expect(401);
    await login('1007', DEMO_PASSWORD).expect(429);
    await login('1008', DEMO_PASSWORD).expect(200);
  });

  it('ignores X-Forwarded-For by default (TRUST_PROXY=false): spoofed addresses share the real one', async () => {
    for (let i = 0; i < 20; i++) await login(`78${String(i).padStart(3, '0')}`, 'guess', `203.0.113.${i + 1}`).expect(401);
    await login('1009', 'guess', '198.51.100.7').expect(429);
  });
});

describe('hardening: TRUST_PROXY names the proxies whose X-Forwarded-For is believed (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '5', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('counts failures by the forwarded client address behind a trusted proxy', async () => {
    for (let i = 0; i < 20; i++)
      await t.http
        .post('/auth/login')
        .set('X-Forwarded-For', '203.0.113.1')
        .send({ jobNumber: `79${String(i).padStart(3, '0')}`, password: 'guess' })
        .expect(401);
    await t.http.post('/auth/login').set('X-Forwarded-For', '203.0.113.1').send({ jobNumber: '1009', password: 'guess' }).expect(429);
    await t.http.post('/auth/login').set('X-Forwarded-For', '203.0.113.2').send({ jobNumber: '1010', password: 'guess' }).expect(401);
  });
});
