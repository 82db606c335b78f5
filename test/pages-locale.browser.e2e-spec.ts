import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const WEB = 'web-locale'; // the built pages, in test-artifacts/
// One screenshot per page; `PAGE_SCREENSHOTS=docs/screenshots` refreshes the README's (a plain run leaves the repository alone).
const SCREENSHOTS = process.env.PAGE_SCREENSHOTS ? join(__dirname, '..', process.env.PAGE_SCREENSHOTS) : join(ARTIFACTS, 'screenshots');

/** Han characters and CJK punctuation / full-width forms. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
/** Latin words that stay as they are in the Chinese pages: the product's name, file formats, codes. */
const LATIN_KEPT = new Set(['Hotline', 'English', 'CSV', 'PDF', 'VIP', 'CallSid', 'SLA', 'WO', 'CA']);

/**
 * Every page in both languages (issue #14: "nothing in a language they did not choose"), in Debian's
 * Chromium against the real server: each role signs in, opens every page of its menu, switches to
 * English and finds no Chinese, then back to Chinese and finds no English word. Proper names — staff,
 * units, queues, customers, the organisation's scorecards — are marked translate="no" by the pages (the
 * HTML way of saying "not to be translated") and skipped. Alerts are worded by the pages from the server's
 * codes, so they are checked like any text.
 */
describeWithChromium('every page in English and in Chinese (real browser)', () => {
  jest.setTimeout(180_000);
  let h: TelephonyHarness;
  let browser: Browser;
  /** One screenshot per page (for the README), by the first role that opens it. */
  const photographed = new Set<string>();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await startChromium(WEB);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00', SEED_DEMO_ACTIVITY: 'true' }); // the demo's volumes and today's complaints: pages with figures
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  /** The texts a user sees: rendered text nodes and the options of shown selects, less proper names and server-worded texts. */
  // A string, run in the page: this file compiles without the DOM library.
  const shownTexts = (page: Page) =>
    page.evaluate<string[]>(`(() => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('[translate="no"], script, style, canvas')) continue;
      const select = parent.closest('select');
      if (!(select || parent).checkVisibility()) continue;
      texts.push(text);
    }
    return texts;
  })()`);

  /** Waits until the page has no HTTP request in flight for a moment (sockets aside). */
  const settled = async (page: Page, pending: Set<unknown>) => {
    for (let quiet = 0; quiet < 4;) {
      await page.waitForTimeout(100);
      quiet = pending.size ? 0 : quiet + 1;
    }
  };

  const expectEnglish = (page: string, texts: string[]) => expect({ page, chinese: texts.filter((x) => CHINESE.test(x)) }).toEqual({ page, chinese: [] });
  const expectChinese = (page: string, texts: string[]) => {
    const words = texts.flatMap((x) => x.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_KEPT.has(w));
    expect({ page, english: [...new Set(words)] }).toEqual({ page, english: [] });
  };

  /** The page as it is now, in English then back in Chinese: no Chinese, then no English word (proper names aside). */
  const bothLanguages = async (page: Page, pending: Set<unknown>, name: string) => {
    // Clicked by its event: a drawer open over the top bar (the scorecard editor) would take a pointer's click.
    const toggle = () => page.getByTestId('lang-switch').dispatchEvent('click');
    await settled(page, pending);
    await toggle();
    await page.getByTestId('logout').filter({ hasText: 'Sign out' }).waitFor();
    await settled(page, pending);
    expectEnglish(name, await shownTexts(page));
    await toggle();
    await page.getByTestId('logout').filter({ hasText: '退出' }).waitFor();
    await settled(page, pending);
    expectChinese(name, await shownTexts(page));
  };

  for (const [jobNumber, role] of [
    ['1003', 'agent'],
    ['2001', 'supervisor'],
    ['3001', 'quality'],
    ['4001', 'terminal'],
    ['9001', 'admin'],
  ] as const) {
    it(`${role} ${jobNumber}: every page of the menu, English then Chinese`, async () => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      const pending = new Set<unknown>();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => pending.add(r));
      page.on('requestfinished', (r) => pending.delete(r));
      page.on('requestfailed', (r) => pending.delete(r));
      await page.goto(h.baseUrl + '/');
      await settled(page, pending);
      expectChinese('sign-in', await shownTexts(page));
      await signIn(page, jobNumber);
      await page.getByTestId('logout').waitFor();
      const entries = await page.locator('[data-testid=side-menu] a[data-testid]').evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')!));
      expect(entries.length).toBeGreaterThan(0);
      /** A dialog (Ant Design's Modal, test id `dialog`) in both languages, then closed. */
      const dialogInBothLanguages = async (dialog: string) => {
        const modal = page.getByTestId(dialog).locator('.ant-modal');
        await modal.waitFor();
        await bothLanguages(page, pending, dialog);
        await page.keyboard.press('Escape');
        await modal.waitFor({ state: 'hidden' });
      };
      for (const entry of entries) {
        await page.getByTestId(entry).click();
        if (entry === 'quality-nav-kpis') await page.getByTestId('kpi-load').click(); // the table fills on request
        await bothLanguages(page, pending, entry);
        const name = entry.replace(/^(quality-)?nav-/, '').replace(/^settings-nav-/, 'settings-');
        // staff.png is the staff spec's (test/staff.browser.e2e-spec.ts), taken after its changes.
        if (!photographed.has(name) && name !== 'staff') await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
        photographed.add(name);
        if (entry === 'nav-staff') {
          await page.getByTestId('staff-create').click();
          await dialogInBothLanguages('staff-create-modal');
          await page.locator('[data-testid=staff-row][data-job-number="4001"]').getByTestId('staff-roles').click();
          await dialogInBothLanguages('staff-roles-modal');
          await page.getByTestId('staff-tab-audit').click();
          await bothLanguages(page, pending, 'staff audit');
        }
        if (entry === 'settings-nav-queues') {
          await page.locator('[data-testid=settings-queues][data-loaded=true]').getByTestId('queue-edit').first().click();
          await dialogInBothLanguages('queue-modal');
          await page.getByTestId('settings-tab-agent-skills').click();
          await page.getByTestId('agent-skills-edit').first().click();
          await dialogInBothLanguages('agent-skills-modal');
        }
        if (entry !== 'nav-work-orders') continue;
        // The desk's other pages: an order of the inbox, the customer 360 with that order's customer, a new order.
        await page.locator('[data-testid=wo-inbox][data-loaded=true]').waitFor();
        const number = await page.getByTestId('wo-row-number').first().textContent();
        await page.getByTestId('wo-row-number').first().click();
        await page.locator('[data-testid=wo-detail][data-loaded=true]').waitFor();
        await bothLanguages(page, pending, `${role}: work order`);
        await page.getByTestId('wo-back').click();
        await page.getByTestId('wo-open-customers').click();
        await page.getByTestId('customer-search').locator('input').fill(number!);
        await page.getByTestId('customer-search').locator('input').press('Enter');
        await page.getByTestId('customer-result').first().waitFor();
        await bothLanguages(page, pending, `${role}: customer 360`);
        if (role === 'quality') continue; // quality monitors file no orders
        await goTo(page, '/work-orders/new');
        await page.getByTestId('wo-new-form').waitFor();
        await bothLanguages(page, pending, `${role}: new work order`);
      }
      // Every role's own password change, from the user menu.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('own-password').click();
      await dialogInBothLanguages('own-password-modal');
      expect(errors).toEqual([]);
      await page.getByTestId('logout').click();
      await page.getByTestId('login-submit').waitFor();
      await context.close();
    });
  }

  it('quality 3001: the views inside the quality pages (a report, the scorecard editor, a spot-check sample, a refused volumes file), English then Chinese', async () => {
    const token = await h.tokenFor('3001');
    const day = (
      (
        await h.http
          .get('/quality/dashboard?days=1')
          .set({ Authorization: `Bearer ${token}` })
          .expect(200)
      ).body as { to: string }
    ).to;
    const report = (
      await h.http
        .post('/quality/reports')
        .set({ Authorization: `Bearer ${token}` })
        .send({ from: day, to: day })
        .expect(201)
    ).body as { id: number };
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const pending = new Set<unknown>();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => pending.add(r));
    page.on('requestfinished', (r) => pending.delete(r));
    page.on('requestfailed', (r) => pending.delete(r));
    await signIn(page, '3001', h.baseUrl);
    await page.getByTestId('logout').waitFor();

    await page.goto(`${h.baseUrl}/#/quality/reports/${report.id}`);
    await page.getByTestId('report-view').waitFor();
    await bothLanguages(page, pending, 'report view');
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png') });

    await page.getByTestId('quality-nav-scorecards').click();
    await page.locator('[data-testid=quality-page-scorecards][data-loaded=true]').waitFor();
    await page.getByTestId('scorecard-edit').click();
    await page.getByTestId('scorecard-editor').waitFor();
    await bothLanguages(page, pending, 'scorecard editor');
    await page.screenshot({ path: join(SCREENSHOTS, 'scorecard-editor.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('scorecard-editor').waitFor({ state: 'hidden' });

    await page.getByTestId('quality-nav-callbacks').click();
    await page.getByTestId('spot-check-sample-date').fill(day);
    await page.getByTestId('spot-check-sample').click();
    await page.getByTestId('spot-check-sample-result').waitFor();
    await bothLanguages(page, pending, 'spot-check sample');

    await page.getByTestId('quality-nav-dashboard').click();
    await page
      .getByTestId('volumes-import')
      .locator('input[type=file]')
      .setInputFiles({ name: 'volumes.csv', mimeType: 'text/csv', buffer: Buffer.from(`unit,date,bookedDeliveries\nX999,${day},5\nL001,2026-02-30,-1\n`) });
    await page.getByTestId('volumes-import-errors').waitFor();
    await bothLanguages(page, pending, 'volumes refused');
    expect(errors).toEqual([]);
    await context.close();
  });
});
