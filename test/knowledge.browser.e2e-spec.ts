import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';
const WEB = 'web-knowledge'; // the built pages, in test-artifacts/
const SCREENSHOTS = process.env.PAGE_SCREENSHOTS;

/**
 * The knowledge base beside a live call (#18), in Chromium against the real server: the queue's greeting
 * while the offer rings, the scripts (话术) and suggested articles once connected, in the page's language;
 * then the directory's 拨打 places the call to the entry's number.
 */
describeWithChromium('knowledge beside the call: script and suggested articles on the softphone; click-to-call from the directory', () => {
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

  it('an agent sees the greeting on the offer, then the scripts and suggested articles on the call, and switches them to English', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 1000 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, '1003', h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId('state-ready').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();

    const callSid = h.sandbox.placeCall({ from: '+8613900000061', to: HOTLINE });
    await h.advance(1);
    const record = (await h.http.get(`/calls/${callSid}`).set('Authorization', supervisor).expect(200)).body as { queue: string };
    // While it rings: the greeting of the call's queue, with the agent's job number in it.
    await page.getByTestId('sp-script-greeting').filter({ hasText: '您好，1003 号客服为您服务' }).waitFor();
    const expected = (await h.http.get(`/knowledge/suggestions?queue=${record.queue}`).set('Authorization', supervisor).expect(200)).body as {
      title: string;
    }[];
    expect(expected.length).toBeGreaterThan(0);
    await page.getByTestId('sp-suggestion').first().waitFor();
    expect(await page.getByTestId('sp-suggestion').allTextContents()).toEqual(expected.map((a) => a.title));
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'softphone-knowledge-offer.png'), fullPage: true });

    await page.getByTestId('call-answer').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('call-answer').click();
    await h.advance(1);
    await page.getByTestId('call-panel').waitFor();
    // On the call: every situation's script, and an article opened in place.
    await page.getByTestId('sp-script-tab-apology').click();
    await page.getByTestId('sp-script-apology').filter({ hasText: '抱歉' }).waitFor();
    // The category picked on the call's work order moves the articles serving it to the top.
    await page.getByTestId('wo-category').locator('option[value="price_protection"]').waitFor({ state: 'attached' });
    await page.getByTestId('wo-category').selectOption('price_protection');
    await page.getByTestId('sp-suggestion').first().filter({ hasText: '价格保护（价保）规则' }).waitFor();
    await page.getByTestId('sp-suggestion').first().click();
    await page.locator('[data-testid^=sp-suggestion-body-]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'knowledge-softphone-call.png'), fullPage: true });

    // The agent's language: the scripts follow the switch, the call stays.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('sp-script-tab-greeting').click();
    await page.getByTestId('sp-script-greeting').filter({ hasText: 'Hello, this is agent 1003.' }).waitFor();
    await page.getByTestId('call-panel').waitFor();
    h.sandbox.hangup(callSid);
    await h.advance(1);
    expect(errors).toEqual([]);
  });

  it('the directory page: 拨打 beside a manufacturer calls its service line', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, '1005', h.baseUrl);
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await goTo(page, '/directory');
    await page.getByTestId('dir-kind').selectOption('manufacturer');
    await page.getByTestId('dir-phone-M002').filter({ hasText: '400-889 9315' }).waitFor();
    await page.getByTestId('dir-call-M002').click();
    await page.getByText('正在呼叫 美的 Midea service').waitFor();
    const calls = (await h.http.get('/calls?agent=1005').set('Authorization', supervisor).expect(200)).body as { items: { to: string }[] };
    expect(calls.items[0].to).toBe('+864008899315');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'directory.png'), fullPage: true });
  });
});
