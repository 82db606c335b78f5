import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';
const WEB = 'web-conferences'; // the built pages, in test-artifacts/
const SCREENSHOTS = process.env.PAGE_SCREENSHOTS;

interface CallView {
  status: string;
  agentJobNumber: string | null;
  offers: unknown[];
  events: Array<{ type: string; target: string | null }>;
}

/**
 * Calls as conferences in Chromium (#13): the softphone's hold/resume and consult buttons, and the
 * wallboard's monitor buttons, against the real server and the sandbox's conference.
 */
describeWithChromium('calls as conferences in a real browser: softphone consult, the colleague’s consult card, wallboard monitoring', () => {
  jest.setTimeout(90_000);
  let h: TelephonyHarness;
  let browser: Browser;
  let supervisorToken: string;

  beforeAll(async () => {
    browser = await startChromium(WEB);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    supervisorToken = await h.tokenFor('2001');
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  const shot = async (page: Page, name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const call = async (callSid: string) =>
    (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body as CallView;
  /**
   * Moves the server's clock on a quarter second at a time until `done` holds; the page works in wall
   * time meanwhile, so each step also lets 50 ms of it pass (the Device's answer is the page's).
   */
  const until = async (what: string, done: () => Promise<boolean> | boolean, seconds = 10) => {
    for (let i = 0; i < seconds * 4; i++) {
      if (await done()) return;
      await h.advance(0.25);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${what}: not within ${seconds} s`);
  };

  it('the softphone holds and resumes without a ring, consults an outside number and cancels, then consults a colleague and completes the transfer', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, '1003', h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId('state-ready').click();
    await page.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();
    const colleague = await h.agent('1004'); // signed in, ready: can be consulted

    const callSid = h.sandbox.placeCall({ from: '+8613900000051', to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('call-answer').click();
    await until('connected', async () => (await call(callSid)).status === 'connected');
    await page.getByTestId('call-panel').waitFor();
    const room = () => h.sandbox.conferences.live(`call-${callSid}`)!;

    // Hold and resume: participant hold in the call's room; nothing rings the page again.
    await page.getByTestId('call-hold').click();
    await page.getByTestId('call-resume').waitFor();
    await until('held', () => room().find('customer')?.hold === true);
    await page.getByTestId('call-resume').click();
    await page.getByTestId('call-hold').waitFor();
    await until('resumed', () => room().find('customer')?.hold === false);
    await page.getByTestId('hold-indicator').waitFor({ state: 'hidden' });

    // Consult a store by its number, with the caller on hold; then cancel: the caller is back.
    await page.getByTestId('consult-number').fill('0755 8888 1234');
    await page.getByTestId('call-consult').click();
    await page.getByTestId('consult-target').filter({ hasText: '+8675588881234' }).waitFor();
    await page.getByTestId('hold-indicator').waitFor();
    await until('store answers', () => room().find('consult') !== undefined);
    expect(room().find('customer')!.hold).toBe(true);
    await shot(page, 'softphone-consult');
    await page.getByTestId('consult-cancel').click();
    await page.getByTestId('call-consult').waitFor();
    await until('store dropped', () => room().find('consult') === undefined && room().find('customer')?.hold === false);

    // Consult a colleague, then complete the transfer: the page's call ends (wrap-up), the caller stays with 1004.
    await page.getByTestId('consult-agent').selectOption('1004');
    await page.getByTestId('call-consult').click();
    await page.getByTestId('consult-target').filter({ hasText: '1004' }).waitFor();
    await until('colleague rung', () => colleague.ringing !== undefined);
    colleague.accept();
    await until('colleague in the room', () => room().find('consult') !== undefined);
    await page.getByTestId('consult-complete').click();
    await page.getByTestId('wrapup-panel').waitFor();
    await until('transferred', async () => (await call(callSid)).agentJobNumber === '1004');
    expect(room().audibleTo(callSid)).toEqual([room().find('consult')!.callSid]);
    const record = await call(callSid);
    expect(record.offers).toHaveLength(1); // consult and transfer are events of the call, never offers
    expect(record.events.map((e) => e.type)).toEqual(['hold', 'resume', 'consult', 'consult-cancelled', 'consult', 'transfer-completed']);
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(errors).toEqual([]);
    await page.close();
    colleague.close(); // off the queues for the next test
    await h.advance(1);
  });

  it("a colleague's consult card: B's softphone shows and answers it, A joins all three and leaves, and B has the caller", async () => {
    const pageOf = async (jobNumber: string) => {
      const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } })).newPage();
      page.on('pageerror', (e) => errors.push(`${jobNumber}: ${e.message}`));
      await signIn(page, jobNumber, h.baseUrl);
      await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
      return page;
    };
    const errors: string[] = [];
    const a = await pageOf('1003');
    const b = await pageOf('1005'); // not ready: offered nothing, can be consulted
    await a.getByTestId('state-ready').click();
    await a.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();

    const callSid = h.sandbox.placeCall({ from: '+8613900000053', to: HOTLINE });
    await h.advance(1);
    await a.getByTestId('call-answer').and(a.locator(':enabled')).waitFor();
    await a.getByTestId('call-answer').click();
    await until('connected', async () => (await call(callSid)).status === 'connected');
    const room = () => h.sandbox.conferences.live(`call-${callSid}`)!;

    // A consults B: B's Device rings with no offer, and B's page shows the consult card.
    await a.getByTestId('consult-agent').selectOption('1005');
    await a.getByTestId('call-consult').click();
    await a.getByTestId('consult-target').filter({ hasText: '1005' }).waitFor();
    await until('B rung', () => b.getByTestId('consult-incoming').isVisible());
    await shot(b, 'softphone-consult-incoming');
    await b.getByTestId('consult-answer').click();
    await until('B in the room', () => room().find('consult') !== undefined);
    expect(room().find('customer')!.hold).toBe(true);

    // All three talk; then A drops out and leaves B with the caller.
    await a.getByTestId('consult-three-way').click();
    await until('three-way', () => room().find('customer')?.hold === false);
    const bLeg = room().find('consult')!.callSid;
    expect(room().audibleTo(callSid).length).toBe(2);
    await a.getByTestId('call-hangup').click();
    await a.getByTestId('wrapup-panel').waitFor();
    await until('A left', async () => (await call(callSid)).agentJobNumber === '1005');
    expect(room().audibleTo(callSid)).toEqual([bLeg]);

    // B's softphone now holds the call as its own: the call panel with the caller, B on-call for the routing engine.
    await b.getByTestId('call-panel').waitFor();
    await b.getByTestId('call-caller').filter({ hasText: '+8613900000053' }).waitFor();
    await b.getByTestId('agent-state').filter({ hasText: '通话中' }).waitFor();
    await shot(b, 'softphone-consult-took-over');
    const record = await call(callSid);
    expect(record.offers).toHaveLength(1);
    expect(record.events.map((e) => e.type)).toEqual(['consult', 'three-way', 'agent-left']);

    // B ends it: B wraps up, as after any call of theirs.
    await b.getByTestId('call-hangup').click();
    await until('ended', async () => (await call(callSid)).status === 'ended');
    await b.getByTestId('wrapup-panel').waitFor();
    expect(errors).toEqual([]);
    await a.close();
    await b.close();
    await h.advance(60); // both wrap-ups over before the next test
  });

  it('the wallboard listens to, whispers to and barges into a busy agent’s call; the sandbox’s conference shows the supervisor muted, coaching, then heard', async () => {
    const agent = await h.agent('1008'); // serves the orders queue, where calls are offered first
    const board = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 900 } })).newPage();
    const errors: string[] = [];
    board.on('pageerror', (e) => errors.push(e.message));
    await signIn(board, '2001', h.baseUrl);
    await board.getByTestId('monitor-device-status').filter({ hasText: '话机已就绪' }).waitFor(); // the supervisor's Device, rung to join calls
    const row = board.getByTestId('wallboard-agent-1008');
    await row.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();
    expect(await row.getByTestId('monitor-listen').count()).toBe(0); // only for a busy agent

    const callSid = h.sandbox.placeCall({ from: '+8613900000052', to: HOTLINE });
    await h.advance(1);
    agent.accept();
    await until('connected', async () => (await call(callSid)).status === 'connected');
    await row.getByTestId('agent-state').filter({ hasText: '通话中' }).waitFor();
    const room = () => h.sandbox.conferences.live(`call-${callSid}`)!;
    const agentLeg = agent.incoming[0].callSid;

    await row.getByTestId('monitor-listen').click();
    await until('supervisor listening', () => room().find('supervisor-2001') !== undefined);
    const boss = room().find('supervisor-2001')!;
    expect(boss).toMatchObject({ muted: true, coaching: false });
    expect(room().audibleTo(boss.callSid).sort()).toEqual([callSid, agentLeg].sort());
    await board.getByTestId('monitor-status').filter({ hasText: '正在监控 1008：监听' }).waitFor();
    await shot(board, 'wallboard-monitor');

    await row.getByTestId('monitor-whisper').click();
    await until('whispering', () => room().find('supervisor-2001')?.coaching === true);
    expect(room().find('supervisor-2001')).toMatchObject({ muted: false, callSidToCoach: agentLeg });
    expect(room().audibleTo(callSid)).toEqual([agentLeg]); // the caller does not hear the coach

    await row.getByTestId('monitor-barge').click();
    await until('barged in', () => room().find('supervisor-2001')?.coaching === false);
    expect(room().find('supervisor-2001')!.muted).toBe(false);
    expect(room().audibleTo(callSid).sort()).toEqual([agentLeg, boss.callSid].sort());

    await row.getByTestId('monitor-stop').click();
    await until('left', () => room().find('supervisor-2001') === undefined);
    await board.getByTestId('monitor-status').waitFor({ state: 'detached' });
    expect((await call(callSid)).events.map((e) => e.type)).toEqual(['monitor-listen', 'monitor-whisper', 'monitor-barge']);
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(errors).toEqual([]);
    await board.close();
  });

  it('the wallboard shows an agent on a call out as on it — its number, 外呼中 / On a call out — monitors it, then shows them back not ready', async () => {
    const agent = await h.agent('1006', { ready: false });
    const board = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 900 } })).newPage();
    const errors: string[] = [];
    board.on('pageerror', (e) => errors.push(e.message));
    await signIn(board, '2001', h.baseUrl);
    await board.getByTestId('monitor-device-status').filter({ hasText: '话机已就绪' }).waitFor();
    const row = board.getByTestId('wallboard-agent-1006');
    await row.getByTestId('agent-state').filter({ hasText: '未就绪 · 刚登录' }).waitFor();

    const { callSid } = (await h.http.post('/calls/outbound').set('Authorization', `Bearer ${agent.token}`).send({ to: '13800138070' }).expect(201)).body as {
      callSid: string;
    };
    await until('the agent rung', () => agent.ringing !== undefined);
    agent.accept();
    await until('connected', async () => (await call(callSid)).status === 'connected');
    await row.getByTestId('agent-state').filter({ hasText: '外呼中' }).waitFor();
    expect(await row.getByTestId('agent-caller').textContent()).toBe('+8613800138070');
    await shot(board, 'wallboard-call-out');
    await board.getByTestId('lang-toggle').click();
    await row.getByTestId('agent-state').filter({ hasText: 'On a call out' }).waitFor();
    await board.getByTestId('lang-toggle').click();
    await row.getByTestId('agent-state').filter({ hasText: '外呼中' }).waitFor();

    await row.getByTestId('monitor-listen').click();
    const room = () => h.sandbox.conferences.live(`call-${callSid}`)!;
    await until('supervisor listening', () => room().find('supervisor-2001') !== undefined);
    expect(room().find('supervisor-2001')).toMatchObject({ muted: true });
    await board.getByTestId('monitor-status').filter({ hasText: '1006' }).waitFor();

    h.sandbox.hangup(callSid);
    await h.advance(2);
    await row.getByTestId('agent-state').filter({ hasText: '未就绪 · 刚登录' }).waitFor();
    await board.getByTestId('monitor-status').waitFor({ state: 'detached' });
    expect(await row.getByTestId('monitor-listen').count()).toBe(0);
    expect(errors).toEqual([]);
    await board.close();
  });
});
