import { join } from 'node:path';
import { Browser, Page, WebSocketRoute } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const CALLER = '+8613800138000';
const HOTLINE = '4008001234';
const WEB = 'web-presence'; // the built pages, in test-artifacts/

/**
 * Presence is the session (issue #13), in Debian's Chromium against the real server: signing out, a
 * closed tab and a dropped socket take the agent off; a reconnect within the grace keeps them ready;
 * the language switch never touches the call. The server runs on the harness's virtual clock (the
 * grace passes only when the test moves it); the page runs in wall time.
 */
describeWithChromium('presence: the softphone page is the agent’s session (real browser)', () => {
  jest.setTimeout(90_000);
  let h: TelephonyHarness;
  let browser: Browser;
  let supervisor: string;

  beforeAll(async () => {
    browser = await startChromium(WEB);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    supervisor = `Bearer ${await h.tokenFor('2001')}`;
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `presence-${name}.png`), fullPage: true });
  const agentView = async (jobNumber: string) => (await h.http.get(`/agents/${jobNumber}`).set('Authorization', supervisor).expect(200)).body;
  const callRecord = async (callSid: string) => (await h.http.get(`/calls/${callSid}`).set('Authorization', supervisor).expect(200)).body;
  /** Polls the agent's state in wall time; returns the milliseconds it took. */
  const waitForAgent = async (jobNumber: string, expected: Record<string, unknown>, withinMs: number) => {
    const start = Date.now();
    for (;;) {
      const view = await agentView(jobNumber);
      if (Object.entries(expected).every(([k, v]) => view[k] === v)) return Date.now() - start;
      if (Date.now() - start > withinMs)
        throw new Error(`${jobNumber} is ${view.state}/${view.reason} after ${withinMs} ms, expected ${JSON.stringify(expected)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** A fresh tab (its own session storage) signed in as the agent, Device registered and ready. */
  const readyAgent = async (jobNumber: string, routeSocket?: (ws: WebSocketRoute) => void) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (routeSocket) await page.routeWebSocket((url) => url.pathname.startsWith('/socket.io/'), routeSocket);
    await signIn(page, jobNumber, h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId('agent-state').filter({ hasText: '刚登录' }).waitFor(); // the softphone signed the agent in
    await page.getByTestId('state-ready').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    return { page, context, errors };
  };

  it('退出 takes the agent offline within a second, and the next call never rings them', async () => {
    const { page, context, errors } = await readyAgent('1003');
    await shot(page, '1-ready');
    await page.getByTestId('logout').click();
    const took = await waitForAgent('1003', { state: 'offline', reason: 'logout' }, 1000);
    expect(took).toBeLessThan(1000);
    await page.getByTestId('login-submit').waitFor();

    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(3);
    const record = await callRecord(callSid);
    expect(record).toMatchObject({ answeredBy: 'ivr', agentJobNumber: null });
    expect(record.offers).toEqual([]); // nobody was rung: the IVR answered at once
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a closed tab: not offered a call during the grace, offline after it', async () => {
    const { context } = await readyAgent('1003');
    await context.close(); // the tab and its socket are gone
    await waitForAgent('1003', { state: 'not-ready', reason: 'disconnected' }, 2000);
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE, digits: '1' });
    await h.advance(2);
    expect((await callRecord(callSid)).offers).toEqual([]);
    await h.advance(3); // the 5 s grace is over
    expect(await agentView('1003')).toMatchObject({ state: 'offline', reason: 'disconnect' });
    expect((await callRecord(callSid)).offers).toEqual([]);
    h.sandbox.hangup(callSid);
    await h.advance(1);
  });

  it('a dropped socket that reconnects within the grace keeps the agent ready', async () => {
    let live: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
    const { page, context, errors } = await readyAgent('1003', (ws) => {
      live = { page: ws, server: ws.connectToServer() };
    });
    // The network drops the page's socket.io connection; socket.io-client reconnects on its own after about a second.
    const dropped = live!;
    await dropped.server.close();
    await dropped.page.close();
    await waitForAgent('1003', { state: 'not-ready', reason: 'disconnected' }, 2000);
    await h.advance(3); // 3 s of the 5 s grace pass on the server's clock
    await waitForAgent('1003', { state: 'ready' }, 10_000);
    expect(live).not.toBe(dropped); // a new socket
    await h.advance(10);
    expect(await agentView('1003')).toMatchObject({ state: 'ready' });
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
    await waitForAgent('1003', { state: 'not-ready', reason: 'disconnected' }, 2000);
    await h.advance(5);
    expect(await agentView('1003')).toMatchObject({ state: 'offline', reason: 'disconnect' });
  });

  it('switching the page to English mid-call keeps the call connected', async () => {
    const { page, context, errors } = await readyAgent('1003');
    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('call-answer').click();
    await h.advance(1);
    await page.getByTestId('call-panel').waitFor({ state: 'visible' });
    expect((await callRecord(callSid)).status).toBe('connected');

    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('call-hangup').filter({ hasText: 'Hang up' }).waitFor();
    await page.getByTestId('agent-state').filter({ hasText: 'On call' }).waitFor();
    await page.getByTestId('logout').filter({ hasText: 'Sign out' }).waitFor();
    await h.advance(5);
    await shot(page, '2-english-mid-call');
    expect(await callRecord(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1003' });
    expect(await agentView('1003')).toMatchObject({ state: 'on-call' });
    expect(h.sandbox.getCall(callSid)!.status).toBe('in-progress');
    await page.getByTestId('lang-switch').click(); // and back
    await page.getByTestId('call-hangup').filter({ hasText: '挂断' }).waitFor();
    await h.advance(2);
    expect((await callRecord(callSid)).status).toBe('connected');

    await page.getByTestId('call-hangup').click();
    await h.advance(1);
    await page.getByTestId('wrapup-panel').waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
    await context.close();
    await h.advance(10);
  });
});
