import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DemoOrdersSeedService } from '../src/seed/demo-orders-seed.service';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const CALLER = '+8613800138000'; // the sandbox caller page's default number, whose demo orders the seed writes
const HOTLINE = '4008001234';
const WEB = 'web-orders'; // the built pages, in test-artifacts/

/**
 * The caller's orders in the softphone (Debian's Chromium, the real server on the harness's virtual
 * clock, Monday 2026-11-23): the pop shows them and the caller, who has no customer record, as known from
 * them (not 新客户) until a work order files them; the agent reschedules a delivery into a free window
 * (a full one cannot be picked); a supervisor books the full one with an override from the desk.
 */
describeWithChromium('orders and deliveries in the softphone and the desk (browser)', () => {
  jest.setTimeout(90_000);
  let h: TelephonyHarness;
  let browser: Browser;

  beforeAll(async () => {
    browser = await startChromium(WEB);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    await h.app.get(DemoOrdersSeedService).seed();
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `orders-${name}.png`), fullPage: true });

  it('pops the caller’s orders; a reschedule from the call goes to a free window only, a supervisor overrides a full one', async () => {
    const agent = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    const errors: string[] = [];
    agent.on('pageerror', (e) => errors.push(e.message));
    await signIn(agent, '1003', h.baseUrl);
    await agent.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await agent.getByTestId('state-ready').click();
    await agent.getByTestId('agent-state').filter({ hasText: '就绪' }).waitFor();

    const callSid = h.sandbox.placeCall({ from: CALLER, to: HOTLINE });
    await h.advance(1);
    await agent.getByTestId('call-answer').and(agent.locator(':enabled')).waitFor();
    await agent.getByTestId('call-answer').click();
    await h.advance(1);
    await agent.getByTestId('call-panel').waitFor({ state: 'visible' });
    const panel = agent.getByTestId('orders-panel');
    await panel.getByTestId('sales-order-SO-DEMO-1').waitFor();
    await panel.getByTestId('booking-status-BK-DEMO-3').filter({ hasText: '配送失败' }).waitFor();
    // No customer record for the caller, but orders: known from the newest one, not 新客户.
    const pop = agent.getByTestId('screen-pop');
    await pop.getByTestId('pop-from-orders').filter({ hasText: '订单客户' }).waitFor();
    expect(await pop.getByTestId('pop-customer').textContent()).toContain('李女士');
    expect(await pop.getByTestId('pop-customer').textContent()).not.toContain('新客户');
    expect(await pop.getByTestId('pop-address').textContent()).toBe('北京市朝阳区建国路 88 号 3-1201');
    await shot(agent, '1-pop');

    await panel.getByTestId('reschedule-BK-DEMO-1').click();
    const calendar = agent.getByTestId('reschedule-calendar');
    await calendar.getByTestId('slot-2026-11-25-09:00-12:00').waitFor();
    // The day after tomorrow's morning is full (3 of 3 booked): an agent cannot pick it.
    expect(await calendar.getByTestId('slot-2026-11-25-09:00-12:00').isDisabled()).toBe(true);
    expect(await calendar.getByTestId('slot-2026-11-25-09:00-12:00').textContent()).toBe('已满');
    expect(await calendar.getByTestId('slot-2026-11-25-14:00-18:00').textContent()).toBe('剩 4');
    await calendar.getByTestId('slot-2026-11-25-14:00-18:00').click();
    await shot(agent, '2-reschedule');
    await agent.getByTestId('reschedule-confirm').click();
    await panel.getByTestId('booking-when-BK-DEMO-1').filter({ hasText: '2026-11-25 14:00-18:00' }).waitFor();
    const supervisorToken = await h.tokenFor('2001');
    const audit = (await h.http.get('/deliveries/BK-DEMO-1/changes').set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body;
    expect(audit[0]).toMatchObject({ kind: 'reschedule', callSid, byJobNumber: '1003', after: { day: '2026-11-25', timeWindow: '14:00-18:00' } });
    await shot(agent, '3-rescheduled');
    // A work order from the call files the customer from the order: the refreshed pop shows the record.
    await agent.getByTestId('wo-category').locator('option[value="late_delivery"]').waitFor({ state: 'attached' });
    await agent.getByTestId('wo-category').selectOption('late_delivery');
    await agent.getByTestId('wo-description').fill('改约到下午');
    await agent.getByTestId('wo-create').click();
    await agent.getByTestId('wo-number').waitFor();
    await pop.getByTestId('pop-from-orders').waitFor({ state: 'detached' });
    expect(await pop.getByTestId('pop-customer').textContent()).toContain('李女士');
    expect(await pop.getByTestId('pop-address').textContent()).toBe('北京市朝阳区建国路 88 号 3-1201');
    // The work order just filed on this call does not make her a repeat caller (重复来电 counts those from before).
    const filed = /WO\d{8}-\d{6}/.exec((await agent.getByTestId('wo-number').textContent())!)![0];
    await pop.getByTestId('pop-orders').getByText(filed).waitFor();
    expect(await pop.getByTestId('pop-repeat').count()).toBe(0);
    await shot(agent, '3b-filed');

    // The supervisor, on the desk's order search, books the full morning with a reason.
    const supervisor = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    await signIn(supervisor, '2001', h.baseUrl);
    await supervisor.getByTestId('logout').waitFor();
    await goTo(supervisor, '/orders');
    await supervisor.getByTestId('orders-search').locator('input').fill('SO-DEMO-1');
    await supervisor.getByTestId('orders-search').locator('input').press('Enter');
    await supervisor.getByTestId('reschedule-BK-DEMO-1').click();
    const full = supervisor.getByTestId('slot-2026-11-25-09:00-12:00');
    await full.waitFor();
    expect(await full.isDisabled()).toBe(false);
    await full.click();
    await supervisor.getByTestId('override-reason').fill('顾客只能上午在家');
    await shot(supervisor, '4-override');
    await supervisor.getByTestId('reschedule-confirm').click();
    await supervisor.getByTestId('booking-when-BK-DEMO-1').filter({ hasText: '2026-11-25 09:00-12:00' }).waitFor();
    const after = (await h.http.get('/deliveries/BK-DEMO-1/changes').set('Authorization', `Bearer ${supervisorToken}`).expect(200)).body;
    expect(after[0]).toMatchObject({ overrideByJobNumber: '2001', overrideReason: '顾客只能上午在家' });
    await supervisor.getByTestId('orders-search').waitFor();
    expect(errors).toEqual([]);
  });
});
