import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { DEMO_PASSWORD } from './support/test-app';

const FIRST_CALLER = '+8613800138000';
const SECOND_CALLER = '+8613911112222';
const HOTLINE = '4008001234';
const WEB = 'web-softphone-desk'; // the built pages, in test-artifacts/

/**
 * The softphone as an agent works a shift with it (issue #13, point 3), in Debian's Chromium against the
 * real server: the queues they serve by label, an offer that notifies the desktop and flashes the tab,
 * the keyboard shortcuts shown and working, the hold indicator's timer, wrap-up counting, a clean slate
 * for the next caller, and their own call history searched by number. The server runs on the harness's
 * virtual clock; the page (its timers) in wall time.
 */
/** What the test reads of GET /calls/:sid. */
interface CallRecord {
  status: string;
  arrivedAt: string;
  connectedAt: string | null;
  disposition: { code: string; note: string | null } | null;
  workOrders: { number: string }[];
}

describeWithChromium('softphone: a shift at the agent desktop (real browser)', () => {
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

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `softphone-desk-${name}.png`), fullPage: true });
  const callRecord = async (callSid: string) => (await h.http.get(`/calls/${callSid}`).set('Authorization', supervisor).expect(200)).body as CallRecord;
  /** Polls a value of the page (wall time) until `ok` holds; fails with the last value after `withinMs`. */
  const pollPage = async <T>(page: Page, read: string, ok: (value: T) => boolean, withinMs = 5000): Promise<T> => {
    const start = Date.now();
    for (;;) {
      const value: T = await page.evaluate<T>(read);
      if (ok(value)) return value;
      if (Date.now() - start > withinMs) throw new Error(`${read} is ${JSON.stringify(value)} after ${withinMs} ms`);
      await page.waitForTimeout(50);
    }
  };

  it('queues by label, an offer that notifies and flashes the tab, shortcuts, hold timer, wrap-up, a clean slate, the history searched', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await context.grantPermissions(['notifications'], { origin: h.baseUrl });
    // Records each desktop notification the page shows (the real Notification, subclassed to be observed).
    await context.addInitScript(`{
      const Shown = window.Notification;
      window.shownNotifications = [];
      window.Notification = class extends Shown {
        constructor(title, options) { super(title, options); window.shownNotifications.push({ title, body: options && options.body }); }
      };
    }`);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, '1003', h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();

    // The queues 1003 serves (demo skills: orders, installation), by their labels as GET /queues names them, never codes.
    const queues = (await h.http.get('/queues').set('Authorization', supervisor).expect(200)).body as { code: string; name: string; skillCode: string }[];
    const agent = (await h.http.get('/agents/1003').set('Authorization', supervisor).expect(200)).body as { skills: { skillCode: string }[] };
    const skills = agent.skills.map((s) => s.skillCode);
    const served = queues.filter((q) => skills.includes(q.skillCode));
    expect(served.length).toBeGreaterThan(0);
    await page.getByTestId(`my-queue-${served[0].code}`).waitFor();
    const shownQueues = await page.getByTestId('my-queues').locator('[data-testid^=my-queue-]').allTextContents();
    expect(shownQueues.sort()).toEqual(served.map((q) => q.name).sort());
    for (const q of served) expect(shownQueues).not.toContain(q.code);

    // The shortcuts are on the page, each with what it does.
    for (const [action, keys, label] of [
      ['answer', 'Alt+A', '接听'],
      ['hangUp', 'Alt+H', '挂断'],
      ['hold', 'Alt+O', '保持'],
      ['mute', 'Alt+M', '静音'],
    ]) {
      expect(await page.getByTestId(`shortcut-${action}`).textContent()).toBe(`${keys} ${label}`);
    }

    await page.getByTestId('state-ready').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    const title = await page.title();

    // The offer: a desktop notification with the caller, and the tab's title flashing until it is answered.
    const first = h.sandbox.placeCall({ from: FIRST_CALLER, to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('offer-caller').filter({ hasText: FIRST_CALLER }).waitFor();
    await pollPage<string>(page, 'document.title', (t) => t.startsWith('☎'));
    await pollPage<string>(page, 'document.title', (t) => t === title); // and back: it flashes
    expect(await page.evaluate('window.shownNotifications')).toEqual([{ title: '新来电', body: FIRST_CALLER }]);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    await shot(page, '1-offer');

    // Alt+A answers; the title stops flashing.
    await page.keyboard.press('Alt+A');
    await h.advance(1);
    await page.getByTestId('call-panel').waitFor({ state: 'visible' });
    expect((await callRecord(first)).status).toBe('connected');
    await page.waitForTimeout(800); // longer than a flash: the title stays put
    expect(await page.title()).toBe(title);

    // Alt+O holds: the indicator shows how long the caller has been waiting, and counts on.
    await page.keyboard.press('Alt+O');
    const hold = page.getByTestId('hold-indicator');
    await hold.filter({ hasText: /^保持中 00:00$/ }).waitFor();
    await h.advance(1);
    expect((await callRecord(first)).status).toBe('held');
    await hold.filter({ hasText: /^保持中 00:0[1-9]$/ }).waitFor({ timeout: 3000 });
    await shot(page, '2-on-hold');
    await page.keyboard.press('Alt+O');
    await page.getByTestId('call-hold').waitFor();
    for (let i = 0; i < 5 && (await callRecord(first)).status !== 'connected'; i++) await h.advance(1);
    expect((await callRecord(first)).status).toBe('connected');
    await hold.waitFor({ state: 'hidden' });

    // Alt+M mutes and unmutes.
    await page.keyboard.press('Alt+M');
    await page.getByTestId('call-mute').filter({ hasText: '取消静音' }).waitFor();
    await page.keyboard.press('Alt+M');
    await page
      .getByTestId('call-mute')
      .filter({ hasText: /^静音$/ })
      .waitFor();

    // A work order for the first caller, then Alt+H hangs up; wrap-up counts down the queue's wrap-up time (orders: 30 s).
    await page.getByTestId('wo-category').locator('option[value="late_delivery"]').waitFor({ state: 'attached' });
    await page.getByTestId('wo-category').selectOption('late_delivery');
    await page.getByTestId('wo-description').fill('第一位客户: 冰箱未送达');
    await page.getByTestId('wo-create').click();
    await page.getByTestId('wo-number').waitFor();
    await page.keyboard.press('Alt+H');
    await h.advance(1);
    await page.getByTestId('wrapup-panel').waitFor({ state: 'visible' });
    await page
      .getByTestId('wrapup-timer')
      .filter({ hasText: /^剩余 00:(30|2\d)$/ })
      .waitFor({ timeout: 3000 });
    // and counts down (the page's own wall-time clock).
    const left = async () => Number((await page.getByTestId('wrapup-timer').textContent())?.slice(-2));
    const leftAtFirst = await left();
    for (let i = 0; i < 30 && (await left()) >= leftAtFirst; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await left()).toBeLessThan(leftAtFirst);
    await page.getByTestId('wrapup-note').fill('第一位客户的备注');
    await shot(page, '3-wrap-up');
    await page.getByTestId('wrapup-done').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();

    // A clean slate: nothing of the first caller is left to file against.
    await page.getByTestId('screen-pop').waitFor({ state: 'hidden' });
    await page.getByTestId('wo-panel').waitFor({ state: 'hidden' });
    await h.advance(10); // the first caller hears goodbye, then the call ends

    const second = h.sandbox.placeCall({ from: SECOND_CALLER, to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('pop-customer').filter({ hasText: SECOND_CALLER }).waitFor();
    expect(await page.getByTestId('screen-pop').textContent()).not.toContain(FIRST_CALLER);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('call-answer').click();
    await h.advance(1);
    await page.getByTestId('call-caller').filter({ hasText: SECOND_CALLER }).waitFor();
    expect(await page.getByTestId('wo-description').inputValue()).toBe('');
    expect(await page.getByTestId('wo-number').count()).toBe(0);
    await page.getByTestId('call-hangup').click();
    await h.advance(1);
    await page.getByTestId('wrapup-panel').waitFor({ state: 'visible' });
    expect(await page.getByTestId('wrapup-note').inputValue()).toBe('');
    await page.getByTestId('wrapup-done').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    await h.advance(10);
    expect((await callRecord(first)).disposition).toMatchObject({ note: '第一位客户的备注' });
    expect((await callRecord(second)).workOrders).toEqual([]); // nothing filed against the second call by the first's form

    // The history: both calls, newest first; the search finds each by any digits of its number.
    const rows = page.getByTestId('my-calls-list').getByTestId('my-call');
    await rows.filter({ hasText: SECOND_CALLER }).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain(SECOND_CALLER);
    await page.getByTestId('my-calls-search').fill('1111 2222');
    await rows.filter({ hasText: FIRST_CALLER }).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(SECOND_CALLER);
    await page.getByTestId('my-calls-search').fill('13800138');
    await rows.filter({ hasText: SECOND_CALLER }).waitFor({ state: 'detached' });
    expect(await rows.allTextContents()).toEqual([expect.stringContaining(FIRST_CALLER)]);
    // "Today" is the browser's day: the calls arrived on the server's clock (the harness's Monday).
    await page.getByTestId('my-calls-search').fill('');
    await page.getByTestId('my-calls-range').getByText('今天').click();
    const arrivedToday = new Date((await callRecord(first)).arrivedAt).toDateString() === new Date().toDateString();
    if (arrivedToday) await rows.nth(1).waitFor();
    else await rows.first().waitFor({ state: 'detached' });
    await shot(page, '4-history');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a call placed from the page that the customer never answers leaves nothing armed: the next offer waits for the agent', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(h.baseUrl + '/');
    await page.getByTestId('login-job-number').fill('1004');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId('agent-state').filter({ hasText: '未就绪' }).waitFor();

    // Dialled out (外呼); the customer hangs up while it rings (they answer after 3 s), so the page's leg never comes.
    await page.getByTestId('dial-input').fill('13900000042');
    await page.getByTestId('dial-call').click();
    await page.getByTestId('dial-status').filter({ hasText: '13900000042' }).waitFor();
    const placed = () => h.sandbox.listCalls().find((c) => c.direction === 'outbound-api' && c.to === '+8613900000042');
    await h.advanceUntil(() => placed() !== undefined, 2);
    h.sandbox.hangup(placed()!.sid);
    await h.advance(1);
    expect((await callRecord(placed()!.sid)).connectedAt).toBeNull();

    await page.getByTestId('state-ready').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    const inbound = h.sandbox.placeCall({ from: SECOND_CALLER, to: HOTLINE });
    await h.advance(1);
    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    // The Device rings; for a second of the caller's time and a second of the page's, nobody answers it.
    await h.advance(1);
    await page.waitForTimeout(1000);
    expect((await callRecord(inbound)).status).not.toBe('connected');
    await page.getByTestId('offer-panel').waitFor({ state: 'visible' });
    await page.getByTestId('call-answer').click();
    await h.advance(1);
    await page.getByTestId('call-panel').waitFor({ state: 'visible' });
    expect((await callRecord(inbound)).status).toBe('connected');
    await page.getByTestId('call-hangup').click();
    await h.advance(1);
    await page.getByTestId('wrapup-panel').waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
