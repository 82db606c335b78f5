import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The inbox's search in Chromium: a supervisor types 价保, the matching orders come best first with the word marked. */
describeWithChromium('work-order search in the inbox, in a real browser', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await startChromium('web-search');
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const agent = await t.tokenFor('1001');
    for (const [phone, description] of [
      ['13700000011', '电视买后第五天降价，顾客申请价保，要求退还差价'],
      ['13700000012', '价保申请：冰箱降价三百元，顾客再次来电催促价保进度'],
      ['13700000013', '洗衣机安装师傅未按约上门'],
    ])
      await t.http
        .post('/work-orders')
        .set(auth(agent))
        .send({ channel: 'hotline', type: 'complaint', category: 'price_protection', terminal: 'store', customerPhone: phone, description })
        .expect(201);
  });
  afterAll(async () => {
    await stopChromium(browser);
    await t?.close();
  });

  it('lists the orders holding the word, best first, with the word marked in the Match column', async () => {
    const page: Page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, '2001', baseUrl);
    await page.getByTestId('who').waitFor();
    await goTo(page, '/work-orders');
    await page.locator('[data-testid=wo-inbox][data-loaded=true] [data-testid=wo-row]').first().waitFor();
    await page.getByTestId('wo-search').locator('input').fill('价保');
    await page.getByTestId('wo-search').locator('input').press('Enter');
    const snippets = page.locator('[data-testid=wo-row] [data-testid=search-snippet]');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(
          '[data-testid=wo-row] [data-testid=search-snippet]',
        ).length === 2,
    );
    expect(await page.locator('[data-testid=wo-row]').count()).toBe(2);
    // Two hits of 价保 in the second order's description outweigh the first's one.
    expect(await snippets.first().locator('[data-testid=search-hit]').allTextContents()).toEqual(['价保', '价保']);
    expect(await snippets.nth(1).locator('[data-testid=search-hit]').allTextContents()).toEqual(['价保']);
    expect(await page.getByTestId('wo-sort').textContent()).toContain('最相关');
    await page.screenshot({ path: join(ARTIFACTS, 'search-inbox.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('marks the word in the knowledge base’s list too', async () => {
    const page: Page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, '1001', baseUrl);
    await page.getByTestId('who').waitFor();
    await goTo(page, '/knowledge');
    await page.getByTestId('kb-row-title').first().waitFor();
    await page.getByTestId('kb-search').locator('input').fill('价保');
    await page.getByTestId('kb-search').locator('input').press('Enter');
    const hits = page.locator('[data-testid=search-snippet] [data-testid=search-hit]');
    await hits.first().waitFor();
    expect(await hits.first().textContent()).toBe('价保');
    await page.screenshot({ path: join(ARTIFACTS, 'search-knowledge.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
