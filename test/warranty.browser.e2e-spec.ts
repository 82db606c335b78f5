import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

/**
 * 阳光包 and the outbox page in Chromium against the real server: agent 1001 looks up the demo customer's
 * contracts by phone, claims a repair on the one in cover (a warranty work order), is told why a claim
 * on the one still in the maker's year is refused, and cancels it with the refund quoted; supervisor
 * 2001 sees the plans and, on 订单系统同步, the cancellation waiting for the order system (no URL set).
 */
describeWithChromium('阳光包 and the outbox in the browser', () => {
  jest.setTimeout(180_000);
  let h: TelephonyHarness;
  let browser: Browser;
  const errors: string[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `warranty-${name}.png`), animations: 'disabled' });

  beforeAll(async () => {
    browser = await startChromium('web-warranty');
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00', OUTBOX_MAX_ATTEMPTS: '1' });
  });
  afterAll(async () => {
    await h?.close();
    await stopChromium(browser);
  });

  const open = async (jobNumber: string) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, jobNumber, h.baseUrl);
    return page;
  };
  const contract = (page: Page, number: string) => page.getByTestId(`warranty-contract-${number}`);
  const claim = async (page: Page, number: string, description: string) => {
    await contract(page, number).getByTestId('warranty-claim').click();
    await page.getByTestId('warranty-fault').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '性能故障' }).click();
    await page.getByTestId('warranty-description').fill(description);
    await page.getByTestId('warranty-dialog-ok').click();
  };

  it('claims, refuses with the reason, and cancels with the refund; the supervisor sees plans and the outbox', async () => {
    const agent = await open('1001');
    await agent.getByTestId('nav-warranty').click();
    await agent.locator('[data-testid=warranty-lookup] input').fill('13800138000');
    await agent.locator('[data-testid=warranty-lookup] input').press('Enter');
    await contract(agent, 'YBSO-DEMO-0001-1').waitFor();

    await claim(agent, 'YBSO-DEMO-0001-1', '空调不制冷');
    await agent.getByText(/已建延保维修工单 WO\d{8}-\d+/).waitFor();
    await contract(agent, 'YBSO-DEMO-0001-1').getByTestId('warranty-claims').waitFor();

    await claim(agent, 'YBSO-DEMO-0002-1', '冰箱不制冷');
    await agent.getByText(/不在阳光包保障范围：尚未起保，厂家保修期内请联系厂家/).waitFor();
    // The refused claim's dialog stays open with its text; close it as an agent would, and wait until it has gone.
    await agent.locator('.ant-modal-wrap:visible .ant-modal-close').click();
    await agent.locator('.ant-modal-wrap:visible').waitFor({ state: 'hidden' });

    await contract(agent, 'YBSO-DEMO-0002-1').getByTestId('warranty-cancel').click();
    await agent.getByTestId('warranty-quote').getByText('今日退保可退 199.00 元').waitFor();
    await agent.getByTestId('warranty-cancel-reason').fill('客户不需要了');
    await agent.getByTestId('warranty-dialog-ok').click();
    await contract(agent, 'YBSO-DEMO-0002-1').getByTestId('warranty-refund').getByText('¥199.00').waitFor();
    await shot(agent, 'contracts');

    const supervisor = await open('2001');
    await supervisor.getByTestId('nav-warranty-plans').click();
    await supervisor.getByTestId('warranty-plan-edit-YG-KT-3Y').waitFor();
    await goTo(supervisor, '/outbox');
    await supervisor.locator('[data-testid=outbox-page][data-loaded=true]').waitFor();
    await supervisor.getByTestId('outbox-dead-letters').getByText('warranty.contract.cancelled').waitFor();
    await shot(supervisor, 'outbox');
    expect(errors).toEqual([]);
  });
});
