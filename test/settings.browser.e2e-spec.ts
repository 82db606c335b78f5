import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The settings pages (设置) in Chromium against the real server: admin 9001 creates a skill and a queue
 * (the form checks as typed, the server's refusal — an IVR key already taken — is worded on the page),
 * gives agent 1004 the new skill, and sets an SLA policy; supervisor 2001 edits what supervisors may and
 * is offered no more: no new queue or skill, causes and units read-only, no personal-data page.
 */
describeWithChromium('settings pages in the browser (queues, skills, agents’ skills, SLA)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let baseUrl: string;
  const errors: string[] = [];

  const openAs = async (jobNumber: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, jobNumber, baseUrl);
    await page.getByTestId('logout').waitFor();
    return page;
  };
  /** Waits for a form field's message, as Ant Design shows it under the field. */
  const fieldSays = (page: Page, testid: string, text: string) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId(testid) })
      .locator('.ant-form-item-explain-error')
      .getByText(text, { exact: true })
      .waitFor();
  /** Picks an option of an Ant Design Select by its shown text. */
  const choose = async (page: Page, testid: string, text: string) => {
    await page.getByTestId(testid).click();
    const list = page.locator('.ant-select-dropdown:visible');
    // A pick closes the list: wait for it, so the form holds the value before the next step. A list opened while its
    // dialog still zooms in can move under the click (the pick missed, the list left open): pick again.
    for (let attempt = 1; ; attempt++) {
      await list
        .locator('.ant-select-item-option')
        .filter({ hasText: text })
        .first()
        .click({ timeout: 5000 })
        .catch(() => undefined);
      try {
        await list.waitFor({ state: 'hidden', timeout: 3000 });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `settings-${name}.png`), animations: 'disabled' });

  beforeAll(async () => {
    browser = await startChromium('web-settings');
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await stopChromium(browser);
    await t?.close();
  });

  it('admin 9001 creates a skill and a queue, gives agent 1004 the skill, and sets an SLA policy', async () => {
    const page = await openAs('9001');
    await page.getByTestId('settings-nav-queues').click();
    await page.locator('[data-testid=settings-queues][data-loaded=true]').waitFor();

    // A skill: the code checked as typed, then made.
    await page.getByTestId('settings-tab-skills').click();
    await page.getByTestId('skill-create').click();
    await page.getByTestId('skill-form-code').fill('VIP!');
    await fieldSays(page, 'skill-form-code', '代码为 2 至 32 位小写字母、数字、_ 或 -，以字母开头');
    await page.getByTestId('skill-form-code').fill('vip');
    await page.getByTestId('skill-form-name').fill('VIP 绿色通道');
    await page.getByTestId('skill-form-submit').click();
    await page.locator('[data-testid=skill-row][data-code=vip]').waitFor();

    // A queue needing it: the IVR key 0 is the complaints queue's — the server says so, in Chinese.
    await page.getByTestId('settings-tab-queues').click();
    await page.getByTestId('queue-create').click();
    await page.getByTestId('queue-form-code').fill('vip');
    await page.getByTestId('queue-form-name').fill('VIP 专线');
    await choose(page, 'queue-form-skill', 'VIP 绿色通道');
    await page.getByTestId('queue-form-menu-key').fill('0');
    await page.getByTestId('queue-form-record').click();
    await page.getByTestId('queue-form-submit').click();
    await page.getByTestId('queue-form-error').getByText('按键 0 已用于队列 complaints').waitFor();
    await page.getByTestId('queue-form-menu-key').fill('9');
    await page.getByTestId('queue-form-submit').click();
    await page.locator('[data-testid=queue-row][data-code=vip]').waitFor();
    await shot(page, 'queues');
    const admin = await t.tokenFor('9001');
    expect((await t.http.get('/queues/vip').set(auth(admin)).expect(200)).body).toMatchObject({ skillCode: 'vip', menuKey: '9', recordCalls: true });

    // Agent 1004 gets the skill at level 1, beside their own.
    await page.getByTestId('settings-tab-agent-skills').click();
    const row = page.locator('[data-testid=agent-skills-row][data-job-number="1004"]');
    await row.getByTestId('agent-skills-edit').click();
    await page.getByTestId('agent-skill-add').click();
    await page.getByTestId('agent-skill-select').last().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'VIP 绿色通道' }).click();
    await page.getByTestId('agent-skill-level').last().fill('1');
    await page.getByTestId('agent-skills-form-submit').click();
    await row.locator('[data-testid=agent-skills-list][data-skills="orders:1,invoices:2,vip:1"]').waitFor();
    expect((await t.http.get('/agents/1004').set(auth(admin)).expect(200)).body.skills).toContainEqual({ skillCode: 'vip', level: 1 });

    // The SLA of late deliveries: 24 hours, business hours only.
    await page.getByTestId('settings-nav-sla').click();
    await page.locator('[data-testid=settings-sla][data-loaded=true]').waitFor();
    await page.locator('[data-testid=sla-row][data-category=late_delivery]').getByTestId('sla-edit').click();
    await page.getByTestId('sla-form-resolution').fill('0');
    await fieldSays(page, 'sla-form-resolution', '须为 1 至 8760 之间的整数');
    await page.getByTestId('sla-form-resolution').fill('24');
    await page.getByTestId('sla-form-first-response').fill('30');
    await page.getByTestId('sla-form-business-hours').check();
    await page.getByTestId('sla-form-submit').click();
    const sla = page.locator('[data-testid=sla-row][data-category=late_delivery][data-source=policy]');
    await sla.getByTestId('sla-row-resolution').getByText('24 小时').waitFor();
    await shot(page, 'sla');
    const policies = (await t.http.get('/sla-policies').set(auth(admin)).expect(200)).body as { category: string }[];
    expect(policies.find((p) => p.category === 'late_delivery')).toEqual({
      category: 'late_delivery',
      source: 'policy',
      firstResponseMinutes: 30,
      resolutionMinutes: 1440,
      businessHoursOnly: true,
    });
    await page.close();
  });

  it('admin 9001 adds a terminal unit (a taken code refused in the dialog) and exports and erases a customer’s personal data', async () => {
    const admin = await t.tokenFor('9001');
    const agent = await t.tokenFor('1001');
    const customer = (
      await t.http
        .post('/customers')
        .set(auth(agent))
        .send({ name: '导出顾客', phones: ['13800138555'] })
        .expect(201)
    ).body as { id: number };
    const page = await openAs('9001');
    await page.getByTestId('settings-nav-organisation').click();
    await page.getByTestId('org-tab-units').click();
    await page.locator('[data-testid=settings-units][data-loaded=true]').waitFor();
    const taken = await page.locator('[data-testid=unit-row]').first().getAttribute('data-code');

    // The server's refusal stays in the dialog, worded; the form is kept to be corrected.
    await page.getByTestId('unit-create').click();
    await page.getByTestId('unit-form-code').fill(taken!);
    await choose(page, 'unit-form-terminal', '门店');
    await page.getByTestId('unit-form-name').fill('静安门店');
    await page.getByTestId('unit-form-capacity').fill('0');
    await fieldSays(page, 'unit-form-capacity', '须为 1 至 100000 之间的整数');
    await page.getByTestId('unit-form-capacity').fill('40');
    await page.getByTestId('unit-form-submit').click();
    await page.getByTestId('unit-form-error').getByText(`单位 ${taken} 已存在`).waitFor();
    await page.getByTestId('unit-form-code').fill('SH-JINGAN');
    await page.getByTestId('unit-form-submit').click();
    await page.getByTestId('unit-modal').waitFor({ state: 'hidden' });
    await page.locator('[data-testid=unit-row][data-code=SH-JINGAN]').waitFor();
    const units = (await t.http.get('/units').set(auth(admin)).expect(200)).body as { code: string; name: string; dailyCapacity: number | null }[];
    expect(units.find((u) => u.code === 'SH-JINGAN')).toMatchObject({ name: '静安门店', dailyCapacity: 40 });

    // PIPL: the customer found by phone, exported (a reason asked for), then erased.
    await goTo(page, '/settings/personal-data');
    await page.getByTestId('pd-phone').fill('138 0013 8555');
    await page.getByTestId('pd-find').click();
    await page.locator(`[data-testid=pd-subject][data-customer-id="${customer.id}"]`).waitFor();
    await page.getByTestId('pd-export').click();
    await page.getByTestId('pd-form-submit').click();
    await fieldSays(page, 'pd-reason', '请填写原因，例如“顾客来电要求”');
    await page.getByTestId('pd-reason').fill('顾客来电要求查阅');
    const download = page.waitForEvent('download');
    await page.getByTestId('pd-form-submit').click();
    expect((await download).suggestedFilename()).toBe(`customer-${customer.id}-personal-data.json`);
    await page.getByTestId('pd-modal').waitFor({ state: 'hidden' });
    await page.getByTestId('pd-erase').click();
    await page.getByTestId('pd-reason').fill('顾客要求删除');
    await page.getByTestId('pd-form-submit').click();
    await page.getByTestId('pd-subject').waitFor({ state: 'detached' });
    await page.locator(`[data-testid=pd-log-row][data-action=erasure][data-customer-id="${customer.id}"]`).waitFor();
    await shot(page, 'personal-data');
    await t.http.get('/personal-data-subjects?phone=13800138555').set(auth(admin)).expect(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('supervisor 2001 edits queues, agents’ skills and SLAs, and is offered nothing more', async () => {
    const page = await openAs('2001');
    const entries = await page
      .locator('[data-testid=side-menu] a[data-testid^=settings-nav]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')));
    expect(entries).toEqual(['settings-nav-queues', 'settings-nav-sla', 'settings-nav-organisation']);

    await page.getByTestId('settings-nav-queues').click();
    await page.locator('[data-testid=queue-row][data-code=vip]').waitFor(); // the admin's new queue
    expect(await page.getByTestId('queue-create').count()).toBe(0);
    await page.locator('[data-testid=queue-row][data-code=invoices]').getByTestId('queue-edit').click();
    await choose(page, 'queue-form-overflow-queue', '会员');
    await page.getByTestId('queue-form-submit').click();
    await fieldSays(page, 'queue-form-overflow-after', '选择了溢出队列时须填写秒数');
    await page.getByTestId('queue-form-overflow-after').fill('90');
    await page.getByTestId('queue-form-submit').click();
    await page.locator('[data-testid=queue-row][data-code=invoices]').getByTestId('queue-row-overflow').waitFor();

    await page.getByTestId('settings-tab-skills').click();
    await page.locator('[data-testid=skill-row][data-code=vip]').waitFor();
    expect(await page.getByTestId('skill-create').count()).toBe(0);
    expect(await page.getByTestId('skill-edit').count()).toBe(0);
    await page.getByTestId('settings-tab-agent-skills').click();
    expect(await page.getByTestId('agent-skills-edit').count()).toBe(10);

    await page.getByTestId('settings-nav-organisation').click();
    await page.locator('[data-testid=settings-causes][data-loaded=true]').waitFor();
    expect(await page.getByTestId('cause-edit').count()).toBe(0);
    await page.getByTestId('org-tab-units').click();
    await page.locator('[data-testid=settings-units][data-loaded=true]').waitFor();
    expect(await page.getByTestId('unit-create').count()).toBe(0);
    await shot(page, 'supervisor-units');

    // The personal-data page is the admin's: its address leads a supervisor to their home page.
    await goTo(page, '/settings/personal-data');
    await page.waitForFunction('location.hash === "#/wallboard"'); // run in the page: this file compiles without the DOM library
    expect(errors).toEqual([]);
    await page.close();
  });
});
