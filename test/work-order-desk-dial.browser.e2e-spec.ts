import { Browser, Page } from 'playwright-core';
import { describeWithChromium, goTo, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const WEB = 'web-desk-dial'; // the built pages, in test-artifacts/
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Click-to-call on the desk (issue #14), in Debian's Chromium against the real server and the Twilio sandbox:
 * an agent's click on the customer's number — on a work order and in the customer 360 — places the call through
 * the one outbound path (POST /calls/outbound); the agent's softphone, open behind the desk, takes the call when
 * the customer answers and keeps it while the agent goes back to the order. Store staff and quality monitors get
 * no call button (quality monitors keep masked numbers in the customer 360).
 */
describeWithChromium('click-to-call on the work-order desk (real browser, Twilio sandbox)', () => {
  jest.setTimeout(120_000);
  let h: TelephonyHarness;
  let browser: Browser;
  let supervisor: string;
  let number: string;
  const errors: string[] = [];

  const openAs = async (jobNumber: string): Promise<Page> => {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => errors.push(`${jobNumber}: ${e.message}`));
    await signIn(page, jobNumber, h.baseUrl);
    await page.getByTestId('who').waitFor();
    return page;
  };
  const detail = (page: Page) => page.locator('[data-testid=wo-detail][data-loaded=true]').waitFor();
  const callRecord = async (callSid: string) =>
    (await h.http.get(`/calls/${callSid}`).set(auth(supervisor)).expect(200)).body as { direction: string; agentJobNumber: string; connectedAt: string | null };
  /** The sandbox's call to the customer's number, once the app has placed it. */
  const placedTo = async (e164: string) => {
    const placed = () => h.sandbox.listCalls().find((c) => c.direction === 'outbound-api' && c.to === e164);
    await h.advanceUntil(() => placed() !== undefined, 10);
    return placed()!.sid;
  };
  const connectedWithin = async (callSid: string, seconds: number) => {
    for (let i = 0; i < seconds && (await callRecord(callSid)).connectedAt === null; i++) await h.advance(1);
    return (await callRecord(callSid)).connectedAt !== null;
  };

  beforeAll(async () => {
    browser = await startChromium(WEB);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    supervisor = await h.tokenFor('2001');
    const agent = await h.tokenFor('1006');
    number = (
      (
        await h.http
          .post('/work-orders')
          .set(auth(agent))
          .send({
            channel: 'hotline',
            type: 'complaint',
            category: 'damaged_goods',
            terminal: 'store',
            unitCode: 'S001',
            customerPhone: '13900000051',
            customerName: '王先生',
            description: '洗衣机外壳划伤',
          })
          .expect(201)
      ).body as { number: string }
    ).number;
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  it("an agent calls the order's customer from the order: the softphone takes the call, which outlives going back to the order", async () => {
    const page = await openAs('1006');
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await goTo(page, `/work-orders/${number}`);
    await detail(page);
    expect(await page.getByTestId('wo-customer-phone').textContent()).toBe('139 0000 0051');
    await page.getByTestId('wo-customer-call').click();
    // The softphone comes forward with the number being called.
    await page.getByTestId('dial-status').filter({ hasText: '139 0000 0051' }).waitFor();
    const sid = await placedTo('+8613900000051');
    expect(await connectedWithin(sid, 15)).toBe(true); // the page took its own call: no offer to answer
    expect(await callRecord(sid)).toMatchObject({ direction: 'outbound-agent', agentJobNumber: '1006' });
    const order = (await h.http.get(`/work-orders/${number}`).set(auth(supervisor)).expect(200)).body as { calls: { callSid: string }[] };
    expect(order.calls.map((c) => c.callSid)).toEqual([sid]);

    // Back to the order during the call: the softphone stays open behind it, so the call goes on.
    await goTo(page, `/work-orders/${number}`);
    await detail(page);
    await h.advance(2);
    expect(h.sandbox.callRecord(sid)).toMatchObject({ status: 'in-progress' });
    await goTo(page, '/softphone');
    // The call card of the agent's own call — a conference as an inbound call is: hold and consult, but no queue
    // transfer (the routing engine holds no call for it to move), which the card says instead of offering it.
    await page.getByTestId('call-panel').filter({ hasText: '139 0000 0051' }).waitFor();
    expect(await page.getByTestId('call-transfer').count()).toBe(0);
    await page.getByTestId('transfer-out-hint').waitFor();
    await page.getByTestId('call-hold').click();
    await page.getByTestId('hold-indicator').waitFor();
    expect(h.sandbox.conferences.live(`call-${sid}`)!.find('customer')!.hold).toBe(true);
    await page.getByTestId('call-resume').click();
    await page.getByTestId('hold-indicator').waitFor({ state: 'hidden' });
    await page.getByTestId('call-hangup').click();
    await h.advanceUntil(() => h.sandbox.callRecord(sid)?.status === 'completed', 5);
    await page.context().close();
  });

  it('an agent calls a customer found in the customer 360; a ready agent is told to go not ready first', async () => {
    const page = await openAs('1006');
    await page.getByTestId('device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await goTo(page, '/work-orders/customers');
    await page.getByTestId('customer-search').locator('input').fill('王先');
    await page.getByTestId('customer-search').locator('input').press('Enter');
    await page.getByTestId('customer-result').waitFor();
    expect(await page.getByTestId('customer-phone').textContent()).toBe('139 0000 0051');
    await page.getByTestId('customer-call').click();
    await page.getByTestId('dial-status').filter({ hasText: '139 0000 0051' }).waitFor();
    const sid = await placedTo('+8613900000051');
    await h.advance(1);
    // On the call out the agent is not ready `outbound` (外呼中): offered no inbound call meanwhile.
    expect((await h.http.get('/agents/1006').set(auth(supervisor)).expect(200)).body).toMatchObject({ state: 'not-ready', reason: 'outbound' });
    await page.getByTestId('agent-state').filter({ hasText: '外呼中' }).waitFor();
    h.sandbox.hangup(sid);
    await h.advance(2);

    // Ready for inbound calls: the outbound path refuses (409 call.agent_not_idle), worded on the page.
    await page.getByTestId('state-ready').click();
    await page
      .getByTestId('agent-state')
      .filter({ hasText: /^就绪$/ })
      .waitFor();
    await goTo(page, `/work-orders/${number}`);
    await detail(page);
    await page.getByTestId('wo-customer-call').click();
    await page.getByTestId('wo-error').filter({ hasText: '现在不能外呼' }).waitFor();
    await page.context().close();
  });

  it('store staff and quality monitors get no call button; quality monitors keep masked numbers in the customer 360', async () => {
    const store = await openAs('4001');
    await goTo(store, `/work-orders/${number}`);
    await detail(store);
    expect(await store.getByTestId('wo-customer-phone').textContent()).toBe('139 0000 0051');
    expect(await store.getByTestId('wo-customer-call').count()).toBe(0);
    await store.context().close();

    const quality = await openAs('3001');
    await goTo(quality, '/work-orders/customers');
    await quality.getByTestId('customer-search').locator('input').fill(number);
    await quality.getByTestId('customer-search').locator('input').press('Enter');
    await quality.getByTestId('customer-result').waitFor();
    expect(await quality.getByTestId('customer-phone').textContent()).toBe('139****0051');
    expect(await quality.getByTestId('customer-call').count()).toBe(0);
    await goTo(quality, `/work-orders/${number}`);
    await detail(quality);
    expect(await quality.getByTestId('wo-customer-call').count()).toBe(0);
    await quality.context().close();
    expect(errors).toEqual([]);
  });
});
