import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { QualityPhoneView } from '../src/customers/quality-phone-view.entity';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const WEB = 'web-desk'; // the built pages, in test-artifacts/
// `PAGE_SCREENSHOTS=docs/screenshots` also saves the README's pictures of the desk (a plain run leaves the repository alone).
const DOC_SCREENSHOTS = process.env.PAGE_SCREENSHOTS ? join(__dirname, '..', process.env.PAGE_SCREENSHOTS) : undefined;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
/** A 1×1 PNG: what a phone camera would send, smaller. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * The work-order desk in Debian's Chromium against the real server, one role at a time on one order
 * of unit S001: store staff 4001 open it from their inbox, start it, remark with a flag, add a photo
 * and propose a solution; an agent records the customer's acceptance and closes it; a quality monitor
 * sees the number masked in the inbox and in full only on opening (audited); a supervisor approves a claim.
 */
describeWithChromium('the work-order desk in a real browser, per role', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let agent: string;
  let number: string;
  const errors: string[] = [];

  const openAs = async (jobNumber: string, path = '/work-orders'): Promise<Page> => {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => errors.push(`${jobNumber}: ${e.message}`));
    await signIn(page, jobNumber, baseUrl);
    await page.getByTestId('who').waitFor();
    await goTo(page, path);
    return page;
  };
  /** A full-page screenshot in test-artifacts/, and the README's (the viewport) under `docName` when asked for. */
  const shot = async (page: Page, name: string, docName?: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `desk-${name}.png`), fullPage: true });
    if (DOC_SCREENSHOTS && docName) await page.screenshot({ path: join(DOC_SCREENSHOTS, `${docName}.png`) });
  };
  /** One attribute of every element the locator matches, in order (run in the page: this file compiles without the DOM library). */
  const attributes = (locator: Locator, name: string) =>
    locator.evaluateAll((els: { getAttribute(n: string): string | null }[], attr) => els.map((e) => e.getAttribute(attr)), name);
  const detail = async (page: Page) => page.locator('[data-testid=wo-detail][data-loaded=true]').waitFor();
  const status = (page: Page) => page.getByTestId('wo-status').getAttribute('data-status');
  const waitStatus = (page: Page, wanted: string) => page.locator(`[data-testid=wo-status][data-status=${wanted}]`).waitFor();
  const step = async (page: Page, name: string, fill?: () => Promise<void>) => {
    await page.getByTestId(`wo-action-${name}`).click();
    if (fill) await fill();
    await page.getByTestId('wo-step-ok').click();
    await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
  };

  beforeAll(async () => {
    if (DOC_SCREENSHOTS) mkdirSync(DOC_SCREENSHOTS, { recursive: true });
    browser = await startChromium(WEB);
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    agent = await t.tokenFor('1001');
    number = (
      (
        await t.http
          .post('/work-orders')
          .set(auth(agent))
          .send({
            channel: 'hotline',
            type: 'complaint',
            category: 'damaged_goods',
            terminal: 'store',
            unitCode: 'S001',
            customerPhone: '13812345678',
            customerName: '李女士',
            description: '门店提货时发现冰箱门凹陷',
          })
          .expect(201)
      ).body as { number: string }
    ).number;
  });
  afterAll(async () => {
    await stopChromium(browser);
    await t?.close();
  });

  it('store staff 4001 open the order of S001 from the inbox, start it, remark with a flag, add a photo, propose a solution', async () => {
    const page = await openAs('4001');
    await page.locator('[data-testid=wo-inbox][data-loaded=true]').waitFor();
    expect(await page.getByTestId('wo-tab-count-unit').textContent()).toBe('1');
    const row = page.locator(`[data-testid=wo-row][data-number="${number}"]`);
    expect(await row.getByTestId('wo-row-sla').textContent()).toMatch(/^\d+天\d+小时$/); // 72 h to go, in Chinese words
    // The cause's label, not its code; the number as a person reads it, not E.164.
    expect(await row.getByTestId('wo-row-category').textContent()).toBe('货物破损');
    expect(await row.getByTestId('wo-row-phone').textContent()).toBe('138 1234 5678');
    await shot(page, 'store-inbox', 'work-order-inbox');
    await row.getByTestId('wo-row-number').click();
    await detail(page);
    expect(await status(page)).toBe('assigned');
    expect(await page.getByTestId('wo-category').textContent()).toBe('货物破损');
    expect(await page.getByTestId('wo-customer-phone').textContent()).toBe('138 1234 5678');
    // Only the steps allowed now, for store staff: no close, no assign.
    expect(await attributes(page.locator('[data-testid^=wo-action-]'), 'data-testid')).toEqual([
      'wo-action-start',
      'wo-action-solution',
      'wo-action-cannot-handle',
    ]);

    await step(page, 'start');
    await waitStatus(page, 'in_progress');

    await page.getByTestId('wo-remark-reason').fill('顾客要求上门更换门板');
    await page.getByTestId('wo-remark-flag').click();
    await page.locator('.ant-select-item-option[title="红旗 · 特殊说明"]').click();
    await page.getByTestId('wo-remark-add').click();
    await page.locator('[data-testid=wo-remark][data-flag=special_instruction]').waitFor();
    expect(await page.getByTestId('wo-remark-colour').textContent()).toBe('红旗 · 特殊说明');

    await page.getByTestId('wo-photo-input').setInputFiles({ name: '门板.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('wo-photo').waitFor();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { naturalWidth: number } | null } }).document.querySelector('[data-testid=wo-photo]')
          ?.naturalWidth === 1,
    );

    await step(page, 'solution', () => page.getByTestId('wo-field-solution').fill('三日内上门更换冰箱门板'));
    await waitStatus(page, 'solution_proposed');
    expect(await page.getByTestId('wo-action-close').count()).toBe(0); // never before the customer accepts
    await shot(page, 'store-detail', 'work-order-detail');

    const view: unknown = (await t.http.get(`/work-orders/${number}`).set(auth(agent)).expect(200)).body;
    expect(view).toMatchObject({ status: 'solution_proposed', solution: '三日内上门更换冰箱门板', remarks: [{ flag: 'special_instruction', by: '4001' }] });
    expect((await t.http.get(`/work-orders/${number}/attachments`).set(auth(agent)).expect(200)).body).toEqual([
      expect.objectContaining({ fileName: '门板.png', sizeBytes: PNG.length }),
    ]);
    await page.context().close();
  });

  it("an agent records the customer's acceptance (by SMS) and closes the order", async () => {
    const page = await openAs('1001', `/work-orders/${number}`);
    await detail(page);
    await step(page, 'acceptance', async () => {
      await page.getByTestId('wo-field-method').getByText('短信').click();
    });
    await page.getByTestId('wo-action-close').waitFor();
    expect(await page.getByTestId('wo-acceptance').textContent()).toContain('短信');
    expect(await page.getByTestId('wo-acceptance').textContent()).toContain('1001');
    await step(page, 'close');
    await waitStatus(page, 'closed');
    expect(await attributes(page.locator('[data-testid=wo-timeline-item]'), 'data-kind')).toEqual(expect.arrayContaining(['action', 'remark', 'attachment']));
    await shot(page, 'agent-closed');
    expect((await t.http.get(`/work-orders/${number}`).set(auth(agent)).expect(200)).body).toMatchObject({
      status: 'closed',
      acceptance: { method: 'sms', recordedBy: '1001' },
    });
    await page.context().close();
  });

  it('a quality monitor sees the number masked in the inbox and in full only on opening, which is audited', async () => {
    const views = () => t.app.get(DataSource).getRepository(QualityPhoneView).countBy({ workOrderNumber: number });
    const page = await openAs('3001');
    await page.locator('[data-testid=wo-inbox][data-loaded=true]').waitFor();
    const row = page.locator(`[data-testid=wo-row][data-number="${number}"]`);
    expect(await row.getByTestId('wo-row-phone').textContent()).toBe('138****5678');
    expect(await page.getByTestId('wo-inbox').textContent()).not.toContain('13812345678');
    expect(await views()).toBe(0);
    await row.getByTestId('wo-row-number').click();
    await detail(page);
    expect(await page.getByTestId('wo-customer-phone').textContent()).toBe('138 1234 5678');
    expect(await views()).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });

  it('a supervisor approves a claim on the order', async () => {
    await t.http
      .post(`/work-orders/${number}/claims`)
      .set(auth(agent))
      .send({ responsibleParty: 'store', responsibleUnitCode: 'S001', amount: 300, evidence: '门板凹陷照片' })
      .expect(201);
    const page = await openAs('2001', `/work-orders/${number}`);
    await detail(page);
    await page.locator('[data-testid=wo-claim-status][data-status=requested]').waitFor();
    await page.getByTestId('wo-claim-approve').click();
    await page.locator('[data-testid=wo-claim-status][data-status=approved]').waitFor();
    await shot(page, 'supervisor-claim');
    expect((await t.http.get(`/work-orders/${number}/claims`).set(auth(agent)).expect(200)).body).toEqual([expect.objectContaining({ status: 'approved' })]);
    await page.context().close();
  });

  it('speaks English on the switch: no Chinese left on the inbox and an order but the data and proper names', async () => {
    const english = (
      (
        await t.http
          .post('/work-orders')
          .set(auth(agent))
          .send({
            channel: 'hotline',
            type: 'inquiry',
            category: 'delivery_time',
            terminal: 'store',
            unitCode: 'S001',
            customerPhone: '13812340000',
            customerName: 'Li Na',
            description: 'When will the fridge arrive?',
          })
          .expect(201)
      ).body as { number: string }
    ).number;
    const page = await openAs('1001', '/work-orders');
    await page.getByTestId('lang-switch').click();
    /** The page's text outside what is marked not to translate (names, codes, numbers), Han characters only. */
    const hanOutsideData = () =>
      page.evaluate(() => {
        const doc = (
          globalThis as unknown as {
            document: {
              body: unknown;
              createTreeWalker(root: unknown, what: number): { nextNode(): { data: string; parentElement: { closest(s: string): unknown } | null } | null };
            };
          }
        ).document;
        const walker = doc.createTreeWalker(doc.body, 4);
        const found: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement?.closest('[translate=no], [data-testid=lang-switch]')) continue; // data, names; the switch names the other language
          const han = node.data.match(/\p{Script=Han}+/gu);
          if (han) found.push(...han);
        }
        return found;
      });
    await page.locator('[data-testid=wo-inbox][data-loaded=true]').waitFor();
    await page.getByTestId('wo-tab-mine').filter({ hasText: 'Mine' }).waitFor();
    expect(await hanOutsideData()).toEqual([]);
    const row = page.locator(`[data-testid=wo-row][data-number="${english}"]`);
    expect(await row.getByTestId('wo-row-category').textContent()).toBe('delivery_time'); // not on the managed cause list: its code
    expect(await row.getByTestId('wo-row-sla').textContent()).toMatch(/^\d+d \d+h$/);
    await goTo(page, `/work-orders/${english}`);
    await detail(page);
    expect(await page.getByTestId('wo-status').textContent()).toBe('Assigned');
    expect(await hanOutsideData()).toEqual([]);
    await shot(page, 'agent-detail-en');
    await page.getByTestId('lang-switch').click(); // back to Chinese for whoever signs in next in this browser
    await page.context().close();
  });

  it('customer 360 finds the customer by name with the order', async () => {
    const page = await openAs('1001', '/work-orders/customers');
    await page.getByTestId('customer-search').locator('input').fill('李女');
    await page.getByTestId('customer-search').locator('input').press('Enter');
    await page.getByTestId('customer-result').waitFor();
    expect(await page.getByTestId('customer-order').first().textContent()).toContain(number);
    await shot(page, 'customer-360', 'customer-360');
    await page.context().close();
    expect(errors).toEqual([]);
  });
});
