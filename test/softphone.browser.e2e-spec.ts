import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const CALLER = '+8613800138000';
const HOTLINE = '4008001234';
const ORDERS_LABEL = '订单/配送 Orders & delivery'; // the demo site's orders queue (src/seed/demo-site.ts)
const WEB = 'web'; // the built pages, in test-artifacts/

/**
 * The softphone in Debian's Chromium against the real server: the server (and its embedded Twilio
 * sandbox) run on the harness's virtual clock, which the test moves on while the browser waits;
 * the page itself runs in wall time.
 */
describeWithChromium('softphone and wallboard pages in a real browser', () => {
  jest.setTimeout(90_000);
  let h: TelephonyHarness;
  let browser: Browser;

  beforeAll(async () => {
    browser = await startChromium(WEB);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `softphone-${name}.png`), fullPage: true });

  it('an agent signs in, goes ready, answers a sandbox call on the second ring, creates a work order, hangs up and wraps up; the wallboard follows', async () => {
    const agent = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    agent.on('pageerror', (e) => errors.push(e.message));
    agent.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // A request the page itself cancelled (net::ERR_ABORTED: a chunk preload superseded as the page routes after
    // signing in) is not a failure; a chunk that really fails to load surfaces as a page error above.
    agent.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && errors.push(`${r.url()} ${r.failure()?.errorText}`));
    await agent.goto(h.baseUrl + '/');
    await shot(agent, '1-sign-in');
    await signIn(agent, '1003', h.baseUrl);
    await agent.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await agent.getByTestId('state-ready').click();
    await agent.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();
    await shot(agent, '2-ready');

    const supervisor = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })).newPage();
    await signIn(supervisor, '2001', h.baseUrl);
    const ordersRow = supervisor.getByTestId('wallboard-queue-orders');
    await ordersRow.getByTestId('answered').filter({ hasText: /^0$/ }).waitFor();
    await supervisor.getByTestId('wallboard-agent-1003').getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();

    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    const offer = agent.getByTestId('offer-panel');
    await offer.waitFor({ state: 'visible' });
    await offer.getByTestId('offer-caller').filter({ hasText: CALLER }).waitFor();
    await agent.getByTestId('call-answer').and(agent.locator(':enabled')).waitFor();
    await agent.getByTestId('screen-pop').waitFor({ state: 'visible' });
    await shot(agent, '3-offer');
    await supervisor.getByTestId('wallboard-agent-1003').getByTestId('agent-state').filter({ hasText: '振铃中' }).waitFor();

    await h.advance(5); // the second ring starts at 5 s
    await agent.getByTestId('call-answer').click();
    await h.advance(1);
    await agent.getByTestId('call-panel').waitFor({ state: 'visible' });
    await agent.getByTestId('call-caller').filter({ hasText: CALLER }).waitFor();
    await offer.waitFor({ state: 'hidden' });
    // The wallboard: the busy agent's caller and queue (its label, never the code), and time in state.
    const busy = supervisor.getByTestId('wallboard-agent-1003');
    await busy.getByTestId('agent-caller').filter({ hasText: CALLER }).waitFor();
    expect(await busy.getByTestId('agent-queue').textContent()).toBe(ORDERS_LABEL);
    expect(await busy.getByTestId('time-in-state').textContent()).toMatch(/^\d\d:\d\d$/);
    // The move controls name queues as the queue column does, never by code.
    expect(await busy.getByTestId('move-to-1003').textContent()).toBe('投诉 Complaints');
    const supervisorToken = await h.tokenFor('2001');
    const record = (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body;
    expect(record).toMatchObject({ answeredBy: 'agent', agentJobNumber: '1003', status: 'connected' });
    expect(record.ringSeconds).toBeGreaterThanOrEqual(5);
    expect(record.ringSeconds).toBeLessThan(10);

    // Hold (保持): participant hold in the call's conference — the caller hears music; resume rings nothing.
    await agent.getByTestId('shortcuts').filter({ hasText: 'Alt+O' }).waitFor();
    await agent.getByTestId('call-hold').click();
    await agent.getByTestId('call-resume').waitFor();
    await agent
      .getByTestId('hold-indicator')
      .filter({ hasText: /保持中 \d+:\d\d/ })
      .waitFor();
    await h.advance(1);
    const status = async () => (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body.status;
    expect(await status()).toBe('held');
    await agent.getByTestId('call-resume').click();
    await agent.getByTestId('call-hold').waitFor();
    for (let i = 0; i < 5 && (await status()) !== 'connected'; i++) await h.advance(1);
    expect(await status()).toBe('connected');
    await agent.getByTestId('call-panel').waitFor({ state: 'visible' });
    await agent.getByTestId('hold-indicator').waitFor({ state: 'hidden' });
    // Hold and resume are events of the call: still one offer, one answer.
    const offers = (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body.offers;
    expect(offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'answered' })]);
    // Mute the page's microphone, and send DTMF from the keypad on the agent's leg.
    await agent.getByTestId('call-mute').click();
    await agent.getByTestId('call-mute').filter({ hasText: '取消静音' }).waitFor();
    await agent.getByTestId('call-mute').click();
    await agent.getByTestId('call-keypad').getByTestId('key-1').click();
    const dtmfSent = () =>
      h.sandbox
        .listCalls()
        .filter((c) => c.parentCallSid === callSid)
        .some((leg) => h.sandbox.getCall(leg.sid)!.events.some((e) => e.type === 'dtmf'));
    for (let i = 0; i < 50 && !dtmfSent(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(dtmfSent()).toBe(true);

    await agent.getByTestId('wo-category').locator('option[value="late_delivery"]').waitFor({ state: 'attached' }); // the managed cause list
    await agent.getByTestId('wo-category').selectOption('late_delivery');
    await agent.getByTestId('wo-description').fill('冰箱未按时送达,客户要求今天联系');
    await agent.getByTestId('wo-create').click();
    await agent.getByTestId('wo-number').waitFor();
    const number = (await agent.getByTestId('wo-number').textContent())!.split(': ')[1];
    await shot(agent, '4-on-call-work-order');
    const linked = (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body;
    expect(linked.workOrders.map((w: { number: string }) => w.number)).toEqual([number]);
    await agent.getByTestId('pop-orders').filter({ hasText: number }).waitFor(); // the pop pushed again, refreshed

    await agent.getByTestId('call-hangup').click();
    await h.advance(1);
    await agent.getByTestId('wrapup-panel').waitFor({ state: 'visible' });
    await agent.getByTestId('agent-state').filter({ hasText: '话后处理' }).waitFor();
    await agent.getByTestId('wrapup-disposition').selectOption('work_order');
    await agent.getByTestId('wrapup-note').fill('已建工单, 明天回访');
    await shot(agent, '5-wrap-up');
    await agent.getByTestId('wrapup-done').click();
    await agent.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();
    // A clean slate: the last caller's pop and work-order result are gone.
    await agent.getByTestId('screen-pop').waitFor({ state: 'hidden' });
    await agent.getByTestId('wo-panel').waitFor({ state: 'hidden' });
    // The agent's own call history lists the call, and its search finds it by number.
    await agent.getByTestId('my-calls-list').getByTestId('my-call').filter({ hasText: CALLER }).waitFor();
    await agent.getByTestId('my-calls-search').fill('0000000');
    await agent.getByTestId('my-calls-list').getByTestId('my-call').first().waitFor({ state: 'detached' });
    await agent.getByTestId('my-calls-search').fill('138 0013');
    await agent.getByTestId('my-calls-list').getByTestId('my-call').filter({ hasText: CALLER }).waitFor();
    await agent.getByTestId('count-answered').filter({ hasText: /^1$/ }).waitFor();
    await h.advance(10); // the caller hears goodbye, then the call ends
    expect((await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body).toMatchObject({
      status: 'ended',
      outcome: 'answered',
      disposition: { code: 'work_order', note: '已建工单, 明天回访' },
    });

    await ordersRow.getByTestId('answered').filter({ hasText: /^1$/ }).waitFor();
    await ordersRow.getByTestId('offered').filter({ hasText: /^1$/ }).waitFor();
    await ordersRow.getByTestId('service-level').filter({ hasText: '100%' }).waitFor();
    await supervisor
      .getByTestId('wallboard-agent-1003')
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    await shot(supervisor, '6-wallboard');

    // English on the switch.
    await agent.getByTestId('lang-switch').click();
    await agent.getByTestId('state-ready').filter({ hasText: 'Ready' }).waitFor();
    await shot(agent, '7-english');
    expect(errors).toEqual([]);
  });

  it('an agent dials a number from the keypad field: the customer is called from the hotline, then the page takes its own call', async () => {
    const agent = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(agent, '1006', h.baseUrl);
    await agent.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await agent.getByTestId('agent-state').filter({ hasText: '未就绪' }).waitFor();
    await agent.getByTestId('dial-input').fill('13900000041');
    await agent.getByTestId('dial-call').click();
    await agent.getByTestId('dial-status').filter({ hasText: '13900000041' }).waitFor();
    const placed = () => h.sandbox.listCalls().find((c) => c.direction === 'outbound-api' && c.to === '+8613900000041');
    await h.advanceUntil(() => placed() !== undefined, 5);
    const sid = placed()!.sid;
    const token = await h.tokenFor('2001');
    const connected = async () => (await h.http.get(`/calls/${sid}`).set('Authorization', `Bearer ${token}`).expect(200)).body.connectedAt !== null;
    for (let i = 0; i < 15 && !(await connected()); i++) await h.advance(1);
    expect(
      await h.http
        .get(`/calls/${sid}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
        .then((r) => r.body),
    ).toMatchObject({ direction: 'outbound-agent', agentJobNumber: '1006', offers: [] });
    h.sandbox.hangup(sid);
    await h.advance(1);
    await agent.getByTestId('logout').click(); // signed out: not a colleague to transfer to below
    await agent.getByTestId('login-job-number').waitFor();
    await agent.close();
  });

  it('the transfer control lists colleagues, ready first, and transfers the call to the one picked', async () => {
    const supervisorToken = await h.tokenFor('2001');
    // 1003 (still signed in from the test above) steps away, so the call reaches 1004's page.
    await h.http.put('/agents/1003/state').set('Authorization', `Bearer ${supervisorToken}`).send({ state: 'not-ready', reason: 'meeting' }).expect(200);
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, '1004', h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId('state-ready').click();
    await page.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();
    await h.advance(1);
    const target = await h.agent('1010'); // ready after 1004, so the longest-idle 1004 gets the call
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('call-answer').click();
    await h.advance(1);
    await page.getByTestId('call-panel').waitFor({ state: 'visible' });

    // The agent list: no "me", signed-in colleagues only, the ready ones first.
    const picker = page.getByTestId('transfer-agent');
    await picker.locator('option[value="1010"]').waitFor({ state: 'attached' });
    const options = await picker.locator('option').evaluateAll((os) => os.map((o) => [(o as unknown as { value: string }).value, o.textContent ?? '']));
    expect(options[0][0]).toBe(''); // "to the queue"
    expect(options.slice(1).map(([v]) => v)).toEqual(['1010', '1003']);
    expect(options[1][1]).toContain('就绪');
    expect(options[2][1]).toContain('未就绪');
    await picker.selectOption('1010');
    expect(await page.getByTestId('transfer-queue').isDisabled()).toBe(true);
    await shot(page, '8-transfer-to-agent');
    await page.getByTestId('call-transfer').click();
    await page.getByTestId('wrapup-panel').waitFor({ state: 'visible' });
    for (let i = 0; i < 10 && !target.ringing; i++) await h.advance(1);
    target.accept();
    await h.advance(1);
    const record = (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body;
    expect(record).toMatchObject({ status: 'connected', agentJobNumber: '1010' });
    expect(record.offers.map((o: { agentJobNumber: string }) => o.agentJobNumber)).toEqual(['1004', '1010']);
    expect(errors).toEqual([]);
  });
});

describeWithChromium('softphone: a shift longer than the access token', () => {
  jest.setTimeout(90_000);
  let h: TelephonyHarness;
  let browser: Browser;

  beforeAll(async () => {
    browser = await startChromium(WEB);
    // 15 s tokens: the page is warned at 5 s (tokenWillExpire, 10 s ahead) and the sandbox drops an
    // expired registration (20104), as Twilio does an hour into a shift with the default lifetime.
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00', TWILIO_TOKEN_TTL_SECONDS: '15' });
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  it('the page renews its token on tokenWillExpire, so the agent still rings after the first token has expired', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const tokenRequests: number[] = [];
    page.on('request', (r) => r.url().endsWith('/telephony/token') && tokenRequests.push(Date.now()));
    await signIn(page, '1003', h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId('state-ready').click();
    await page.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();

    await page.waitForTimeout(17_000); // wall time: the first token expired at 15 s
    expect(h.sandbox.devices.registeredIdentities()).toEqual(['agent-1003']);

    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor(); // enabled only while the Device rings
    await page.getByTestId('call-answer').click();
    await h.advance(1);
    await page.getByTestId('call-panel').waitFor({ state: 'visible' });
    const supervisor = await h.tokenFor('2001');
    expect((await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body).toMatchObject({
      status: 'connected',
      agentJobNumber: '1003',
      answeredBy: 'agent',
    });
    expect(tokenRequests.length).toBeGreaterThanOrEqual(3); // the first token, and renewals at about 5 s and 10 s
    expect(await page.getByTestId('device-status').textContent()).toBe('话机已就绪');
    expect(errors).toEqual([]);
  });
});
