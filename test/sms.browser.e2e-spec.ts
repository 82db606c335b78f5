import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher';
import { SmsNotifierService } from '../src/sms/sms-notifier.service';
import { ARTIFACTS, describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const SHOTS = join(ARTIFACTS, 'screenshots');

/**
 * SMS on the pages (issue #18): an agent sees the work order's SMS with its delivery status and sets
 * the customer's opt-out from the customer view; a supervisor rewords a template (a wrong variable
 * is refused, worded); both languages.
 */
describeWithChromium('SMS in the browser (the order\u2019s messages, the opt-out, the templates)', () => {
  jest.setTimeout(120_000);
  let h: TelephonyHarness;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await startChromium('web-sms');
    h = await startTelephonyHarness({ OUTBOX_INTERVAL_SECONDS: '0' });
    h.clock.addIdleHook(async () => {
      await h.app.get(SmsNotifierService).settled();
      await h.app.get(OutboxDispatcher).dispatchDue();
    });
  });
  afterAll(async () => {
    await page?.context().close();
    await stopChromium(browser);
    await h?.close();
  });
  beforeEach(async () => {
    await page?.context().close();
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterEach(() => expect(errors.splice(0)).toEqual([]));

  it('shows the order\u2019s SMS delivered, and the customer\u2019s opt-out switched by the agent', async () => {
    const token = await h.tokenFor('1001');
    const created = await h.http
      .post('/work-orders')
      .set('Authorization', `Bearer ${token}`)
      .send({
        channel: 'hotline',
        type: 'complaint',
        category: 'late_delivery',
        terminal: 'logistics',
        customerPhone: '13800138000',
        description: '冰箱三天未送到',
      })
      .expect(201);
    const number = created.body.number as string;
    await h.advance(5);

    await signIn(page, '1001', h.baseUrl);
    await page.getByTestId('nav-work-orders').waitFor();
    await goTo(page, `/work-orders/${number}`);
    const item = page.getByTestId('wo-sms').getByTestId('sms-item');
    await item.and(page.locator('[data-status=delivered]')).waitFor();
    expect(await item.getByTestId('sms-status').textContent()).toBe('已送达');
    expect(await item.getByTestId('sms-body').textContent()).toContain(number);
    await page.locator('[data-testid=wo-timeline-item][data-kind=sms]').waitFor();
    await page.getByTestId('wo-sms').screenshot({ path: join(SHOTS, 'sms-work-order.png'), animations: 'disabled' });

    await goTo(page, '/work-orders/customers');
    await page.getByTestId('customer-search').locator('input').fill('13800138000');
    await page.getByTestId('customer-search').locator('input').press('Enter');
    const optOut = page.getByTestId('customer-result').getByTestId('sms-opt-out');
    await optOut.and(page.locator('[data-opted-out=false]')).waitFor();
    await optOut.getByTestId('sms-opt-out-switch').click();
    await optOut.and(page.locator('[data-opted-out=true]')).waitFor();
    expect((await h.http.get('/sms/opt-outs/13800138000').set('Authorization', `Bearer ${token}`).expect(200)).body).toMatchObject({
      optedOut: true,
      source: 'agent',
      changedByJobNumber: '1001',
    });
    await page.getByTestId('customer-result').getByTestId('sms-list').waitFor();
    await page.screenshot({ path: join(SHOTS, 'sms-customer.png'), animations: 'disabled' });
  });

  it('lets a supervisor reword a template, refusing a variable the message lacks, in both languages', async () => {
    await signIn(page, '2001', h.baseUrl);
    await page.getByTestId('nav-sms-templates').click();
    const editor = page.locator('[data-testid=sms-template][data-kind=work_order_created] [data-testid=sms-template-editor][data-language=zh-CN]');
    await editor.waitFor();
    await editor.getByTestId('sms-template-body').fill('【家电热线】工单{workOrderNumber}{solution}');
    await editor.getByTestId('sms-template-save').click();
    await page.getByTestId('sms-template-error').getByText('{solution}', { exact: false }).waitFor();
    await editor.getByTestId('sms-template-body').fill('【家电热线】已受理，工单号{workOrderNumber}。回复TD退订');
    await editor.getByTestId('sms-template-save').click();
    await editor.getByTestId('sms-template-reset').waitFor();
    await page.screenshot({ path: join(SHOTS, 'sms-templates-zh.png'), animations: 'disabled', fullPage: true });

    await page.getByTestId('lang-switch').dispatchEvent('click');
    await page.getByRole('heading', { name: 'SMS templates' }).waitFor();
    await page.locator('[data-testid=sms-template][data-kind=callback_invitation]').getByText('Callback visit invitation').waitFor();
    await page.screenshot({ path: join(SHOTS, 'sms-templates-en.png'), animations: 'disabled', fullPage: true });

    const token = await h.tokenFor('1001');
    const created = await h.http
      .post('/work-orders')
      .set('Authorization', `Bearer ${token}`)
      .send({ channel: 'hotline', type: 'inquiry', category: 'late_delivery', terminal: 'logistics', customerPhone: '13900139000', description: '咨询' })
      .expect(201);
    await h.advance(1);
    expect(h.sandbox.messaging.messages.find((m) => m.to === '+8613900139000')?.body).toBe(`【家电热线】已受理，工单号${created.body.number}。回复TD退订`);
  });
});
