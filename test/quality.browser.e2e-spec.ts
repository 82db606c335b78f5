import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { parseCsv } from './support/csv';
import { ARTIFACTS, describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const WEB = 'web-quality'; // the built pages, in test-artifacts/
/** An instant in China time (UTC+8), the demo site's. */
const china = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).getTime();
const DAY = '2026-11-23'; // the seeded report day; "yesterday" when the pages are opened

// The page prints the API's figures as they are: null as a dash, percentages with %, changes as "+3 (+50%)".
const num = (v: number | null) => (v === null ? '—' : String(v));
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const change = (c: { delta: number; pct: number | null }) =>
  `${c.delta > 0 ? '+' : ''}${c.delta} (${c.pct === null ? '—' : `${c.pct > 0 ? '+' : ''}${c.pct}%`})`;

interface FiguresJson {
  complaints: number;
  closed: number;
  avgResolutionHours: number | null;
  slaKeptPct: number | null;
  reopenRatePct: number | null;
  ratePer1000: number | null;
  claimsPaid: number;
  claimsPaidAmount: number;
  satisfactionAvg: number | null;
  change?: { previousPeriod: { delta: number; pct: number | null; previous: number }; previousWeek: { delta: number; pct: number | null; previous: number } };
}
/** What a report row of the page must show for these figures, cell by cell (testid → text). */
const reportCells = (f: FiguresJson) => ({
  complaints: num(f.complaints),
  'previous-period': f.change ? change(f.change.previousPeriod) : '',
  'previous-week': f.change ? change(f.change.previousWeek) : '',
  closed: num(f.closed),
  'avg-resolution-hours': num(f.avgResolutionHours),
  'sla-kept-pct': pct(f.slaKeptPct),
  'reopen-rate-pct': pct(f.reopenRatePct),
  'rate-per-1000': num(f.ratePer1000),
  'claims-paid': num(f.claimsPaid),
  'claims-paid-amount': num(f.claimsPaidAmount),
  satisfaction: num(f.satisfactionAvg),
});

/** The texts of a row's cells that carry a testid, as { testid: text }. */
const rowCells = (page: Page, testid: string) =>
  page
    .getByTestId(testid)
    .evaluate((row) => Object.fromEntries([...row.querySelectorAll('td[data-testid]')].map((td) => [td.getAttribute('data-testid'), td.textContent])));

/** How much of a chart's canvas is painted, and its figures (the fallback table inside the canvas: one row per series). */
const canvasFigures = (page: Page, testid: string) =>
  page.getByTestId(testid).evaluate((el) => {
    // The browser's types: this file compiles without the DOM library.
    const canvas = el as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    const series = Object.fromEntries(
      [...el.querySelectorAll('tbody tr')].map((tr) => [tr.getAttribute('data-series'), [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))]),
    );
    return { width: canvas.width, painted, series };
  });

/**
 * The quality pages in Debian's Chromium against the real server: complaints, closes, claims,
 * volumes and callbacks are made through the API on the harness's virtual clock, then a quality
 * monitor (3001) reads the dashboard, the report, the callback list, the scorecard and the KPI table —
 * and every figure on the page, and in the files the page downloads, is the API's.
 */
describeWithChromium('quality pages in a real browser: the figures agree between API, page and export', () => {
  jest.setTimeout(120_000);
  let h: TelephonyHarness;
  let browser: Browser;
  let page: Page;
  let quality: string;
  const errors: string[] = [];
  const made: { number: string; terminal: string; unit: string | null; category: string }[] = [];

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = async (path: string) => (await h.http.get(path).set(auth(quality)).expect(200)).body;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `quality-${name}.png`), fullPage: true });
  const downloaded = async (click: () => Promise<void>): Promise<{ name: string; text: string }> => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  };

  beforeAll(async () => {
    browser = await startChromium(WEB);
    h = await startTelephonyHarness(
      {
        BUSINESS_HOURS: '00:00-24:00',
        SLA_SCAN_INTERVAL_SECONDS: '0',
        QUALITY_REPORT_INTERVAL_SECONDS: '0',
        CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
        SPOT_CHECK_INTERVAL_SECONDS: '0',
        CAPACITY_CHECK_INTERVAL_SECONDS: '0',
        HOT_SPOT_INTERVAL_SECONDS: '0',
      },
      china('2026-11-16', '09:00'),
    );

    // Seeded through the API: an agent files complaints on three days, a supervisor closes some, pays a claim.
    const [agent, supervisor] = [await h.tokenFor('1001'), await h.tokenFor('2001')];
    const create = async (category: string, terminal: string, unit: string | null) => {
      const res = await h.http
        .post('/work-orders')
        .set(auth(agent))
        .send({
          channel: 'hotline',
          type: 'complaint',
          category,
          terminal,
          customerPhone: `1380013${String(8000 + made.length).padStart(4, '0')}`,
          description: `${category} 投诉`,
          ...(unit ? { unitCode: unit } : {}),
        })
        .expect(201);
      made.push({ number: res.body.number, terminal, unit, category });
      return res.body.number as string;
    };
    const act = (number: string, action: string, body: Record<string, unknown>) =>
      h.http.post(`/work-orders/${number}/${action}`).set(auth(supervisor)).send(body).expect(200);
    const close = async (number: string) => {
      await act(number, 'solution', { solution: '已重新安排 rescheduled' });
      await act(number, 'acceptance', { accepted: true, method: 'in_person' });
      await act(number, 'close', {});
    };
    await create('staff_attitude', 'store', 'S001');
    await create('staff_attitude', 'store', 'S001');
    await create('late_delivery', 'dispatch', 'D001');
    await h.clock.advanceTo(china('2026-11-22', '15:00'));
    await create('staff_attitude', 'store', 'S001');
    await create('price_protection', 'store', 'S002');
    const damaged = await create('damaged_goods', 'logistics', 'L001');
    await h.clock.advanceTo(china(DAY, '09:30'));
    for (let i = 0; i < 3; i++) await create('staff_attitude', 'store', 'S001');
    await create('price_protection', 'store', 'S002');
    const lateDelivery = await create('late_delivery', 'dispatch', 'D001');
    await create('late_delivery', 'dispatch', null);
    const quick = await create('damaged_goods', 'logistics', 'L001');
    await h.clock.advanceTo(china(DAY, '14:00'));
    await close(quick);
    await close(damaged);
    await close(lateDelivery);
    const claim = (
      await h.http
        .post(`/work-orders/${damaged}/claims`)
        .set(auth(agent))
        .send({ responsibleParty: 'logistics', responsibleUnitCode: 'L001', amount: 299.5, evidence: '门板破损照片' })
        .expect(201)
    ).body;
    await h.http.post(`/work-orders/${damaged}/claims/${claim.id}/approve`).set(auth(supervisor)).send({}).expect(200);
    await h.http.post(`/work-orders/${damaged}/claims/${claim.id}/paid`).set(auth(supervisor)).send({ paymentReference: 'PAY-9' }).expect(200);
    // The next morning: the day's sales and the coming days' bookings — L001 over-booked the day after tomorrow.
    await h.clock.advanceTo(china('2026-11-24', '15:00'));
    quality = await h.tokenFor('3001');
    await h.http
      .post('/quality/volumes')
      .set(auth(quality))
      .send({
        rows: [
          { unit: 'S001', date: DAY, sales: 250 },
          { unit: 'L001', date: DAY, bookedDeliveries: 380 },
          { unit: 'L001', date: '2026-11-25', bookedDeliveries: 300 },
          { unit: 'L001', date: '2026-11-26', bookedDeliveries: 430 },
        ],
      })
      .expect((res) => expect([200, 201]).toContain(res.status));

    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 }, acceptDownloads: true })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signIn(page, '3001', h.baseUrl);
    await page.getByTestId('quality-page-dashboard').waitFor();
  });
  afterAll(async () => {
    await stopChromium(browser);
    await h?.close();
  });

  it('dashboard: totals, terminals, top units and causes equal GET /quality/dashboard; the chart is drawn from its series; alerts are acknowledged and arrive live', async () => {
    await page.locator('[data-testid=quality-page-dashboard][data-loaded=true]').waitFor();
    const d = await get('/quality/dashboard?days=30');
    expect(d.to).toBe('2026-11-24'); // by default the dashboard runs to today (so far)
    // The seeded complaints, counted by the test: the dashboard's 30 days hold them all.
    expect(d.totals.complaints).toBe(made.length);
    expect(await page.getByTestId('dashboard-period').textContent()).toBe(`${d.from} – ${d.to}`);
    expect(await page.getByTestId('dashboard-total-complaints').textContent()).toBe(String(d.totals.complaints));
    expect(await page.getByTestId('dashboard-total-closed').textContent()).toBe(num(d.totals.closed));
    expect(await page.getByTestId('dashboard-total-sla-kept-pct').textContent()).toBe(pct(d.totals.slaKeptPct));
    for (const x of d.terminals) {
      expect(await rowCells(page, `dashboard-terminal-${x.terminal}`)).toMatchObject({
        complaints: num(x.complaints),
        'previous-period': change(x.change.previousPeriod),
        closed: num(x.closed),
        'sla-kept-pct': pct(x.slaKeptPct),
      });
    }
    for (const u of d.topUnits) expect((await rowCells(page, `dashboard-unit-${u.terminal}-${u.code ?? 'none'}`)).complaints).toBe(String(u.complaints));
    expect(await page.locator('[data-testid^=dashboard-cause-]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(
      d.topCauses.map((c: { cause: string }) => `dashboard-cause-${c.cause}`),
    );

    // The chart: its figures (the canvas's fallback table) are the API's series, and the canvas has paint on it.
    const chart = await canvasFigures(page, 'dashboard-chart');
    expect(chart.width).toBeGreaterThan(0);
    expect(chart.painted).toBeGreaterThan(1000);
    const busy = Object.fromEntries(Object.entries(d.series as Record<string, number[]>).filter(([, s]) => s.some((n) => n > 0)));
    expect(chart.series).toEqual(busy);
    // Independently: the store complaints the test filed on the report day (the 7th to 13th it filed).
    expect(busy.store[d.dates.indexOf(DAY)]).toBe(made.slice(6).filter((m) => m.terminal === 'store').length);
    await shot('1-dashboard');

    // Capacity warning: L001 on 2026-11-26 (430 of 400) is an open alert, acknowledged from the page.
    const open = await get('/quality/alerts?status=open');
    const warning = open.find((a: { type: string; unitCode: string }) => a.type === 'capacity' && a.unitCode === 'L001');
    expect(warning).toMatchObject({ level: 'over_capacity', figures: expect.objectContaining({ day: '2026-11-26' }) });
    await page.getByTestId(`alert-${warning.id}`).waitFor();
    expect(await page.getByTestId('capacity-L001-2026-11-26').getAttribute('class')).toBe('late');
    expect(await page.getByTestId('capacity-L001-2026-11-25').textContent()).toBe('300 / 400 75%');
    await page.getByTestId(`alert-ack-${warning.id}`).click();
    await page.getByTestId(`alert-${warning.id}`).waitFor({ state: 'detached' });
    expect((await get('/quality/alerts?status=open')).map((a: { id: number }) => a.id)).not.toContain(warning.id);

    // A new warning reaches the open page over socket.io, without a reload.
    await h.http
      .post('/quality/volumes')
      .set(auth(quality))
      .send({ rows: [{ unit: 'L002', date: '2026-11-26', bookedDeliveries: 310 }] })
      .expect((res) => expect([200, 201]).toContain(res.status));
    const pushed = (await get('/quality/alerts?status=open')).find((a: { unitCode: string }) => a.unitCode === 'L002');
    expect(pushed).toBeDefined();
    // Worded by the page from the alert's code and values, in Chinese; the unit's name as it is.
    const f = pushed.figures as { bookings: number; capacity: number; loadPct: number };
    expect(pushed).toMatchObject({ messageCode: 'quality.alert.capacity_over', figures: { day: '2026-11-26', bookings: 310 } });
    await page
      .getByTestId(`alert-${pushed.id}`)
      .getByTestId('alert-message')
      .filter({ hasText: `${pushed.unitCode} ${pushed.unitName} 2026-11-26：预约配送 310 单，超出作业能力 ${f.capacity} 单 (负荷 ${f.loadPct}%)` })
      .waitFor();
    await shot('2-dashboard-alert-pushed');
  });

  it('volumes import: a CSV with bad rows is refused whole, each bad row worded on the page; the corrected file is imported', async () => {
    const importFile = (name: string, text: string) =>
      page
        .getByTestId('volumes-import')
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    const volumesOf = async (unit: string) =>
      ((await get(`/quality/volumes?from=2026-11-27&to=2026-11-28&unit=${unit}`)) as { date: string; bookedDeliveries: number | null }[]).map((v) => [
        v.date,
        v.bookedDeliveries,
      ]);
    await importFile('bad.csv', 'unit,date,bookedDeliveries,sales\nL002,2026-11-27,120,\nX999,2026-11-27,5,\nL002,2026-02-30,-1,\n');
    await page.getByTestId('volumes-import-errors').waitFor();
    expect(await page.getByTestId('volumes-import-error').textContent()).toBe('bad.csv 未导入：2 行有误，请改正后重新导入整份文件');
    expect(
      await page.locator('[data-testid^=volumes-error-row-]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))),
    ).toEqual([
      ['2', '没有单位 X999'],
      ['3', '日期 2026-02-30 不是有效日期 (年-月-日)'],
      ['3', '预约配送量须为不小于 0 的整数'],
    ]);
    expect(await volumesOf('L002')).toEqual([]); // all or nothing: the good first row was not written either
    // The browser logs the refused import's 400 (the one expected): no other error so far.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    errors.length = 0;
    await shot('2b-volumes-refused');

    await importFile('good.csv', 'unit,date,bookedDeliveries,sales\nL002,2026-11-27,120,\nL002,2026-11-28,150,\n');
    await page.getByTestId('volumes-import-result').waitFor();
    expect(await page.getByTestId('volumes-import-result').textContent()).toContain('good.csv：已导入 2 行 (2026-11-27 – 2026-11-28)');
    expect(await page.getByTestId('volumes-import-refused').count()).toBe(0);
    expect(await volumesOf('L002')).toEqual([
      ['2026-11-27', 120],
      ['2026-11-28', 150],
    ]);
  });

  it('report view: the daily report per terminal and unit equals GET /quality/reports/daily/:date, and so does the CSV the page downloads', async () => {
    await page.getByTestId('quality-nav-reports').click();
    await page.getByTestId('report-daily-date').fill(DAY);
    await page.getByTestId('report-daily-open').click();
    await page.locator('[data-testid=quality-page-reports][data-loaded=true] [data-testid=report-view]').waitFor();
    const view = await get(`/quality/reports/daily/${DAY}`);
    expect(page.url()).toMatch(new RegExp(`#/quality/reports/${view.id}$`));
    const r = view.report;
    // Independently: the day's complaints per terminal, as the test filed them.
    const filedOnDay = made.slice(6);
    for (const terminal of ['store', 'dispatch', 'logistics'])
      expect(r.terminals.find((x: { terminal: string }) => x.terminal === terminal).complaints).toBe(filedOnDay.filter((m) => m.terminal === terminal).length);

    expect(await rowCells(page, 'report-totals')).toEqual(reportCells(r.totals));
    for (const x of r.terminals) {
      expect(await rowCells(page, `report-terminal-${x.terminal}`)).toEqual(reportCells(x));
      for (const u of x.units) expect(await rowCells(page, `report-unit-${x.terminal}-${u.code ?? 'none'}`)).toEqual(reportCells(u));
      for (const c of x.topCauses)
        expect(await rowCells(page, `report-causes-${x.terminal}-${c.cause}`)).toEqual({ complaints: num(c.complaints), share: pct(c.share) });
    }
    const logistics = r.terminals.find((x: { terminal: string }) => x.terminal === 'logistics');
    expect(await page.getByTestId('report-terminal-logistics').getByTestId('claims-paid-amount').textContent()).toBe('299.5');
    expect(logistics).toMatchObject({ closed: 2, slaKept: 2, claimsPaid: 1 });
    const chart = await canvasFigures(page, 'report-chart');
    expect(chart.painted).toBeGreaterThan(1000);
    expect(chart.series.current).toEqual(r.terminals.map((x: { complaints: number }) => x.complaints));
    await shot('3-report');

    // The CSV, downloaded by the page with the bearer token: the same bytes as the API's, the same figures as the JSON.
    const csv = await downloaded(() => page.getByTestId('report-download-csv').click());
    expect(csv.name).toBe(`quality-report-${view.id}-${DAY}-${DAY}.csv`);
    const apiCsv = (await h.http.get(`/quality/reports/${view.id}/csv`).set(auth(quality)).expect(200)).text;
    expect(csv.text).toBe(apiCsv);
    const [header, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    const col = (title: string) => header.findIndex((c) => c.endsWith(` ${title}`));
    for (const x of r.terminals) {
      const row = rows.find((c) => c[0] === 'terminal' && c[1].endsWith(` ${x.terminal}`))!;
      expect([row[col('complaints')], row[col('closed')], row[col('slaKeptPct')], row[col('claimsPaidAmount')]]).toEqual(
        [x.complaints, x.closed, x.slaKeptPct, x.claimsPaidAmount].map((v) => (v === null ? '' : String(v))),
      );
    }
    const pdf = await downloaded(() => page.getByTestId('report-download-pdf').click());
    expect(pdf.name).toBe(`quality-report-${view.id}-${DAY}-${DAY}.pdf`);
    expect(pdf.text.startsWith('%PDF-')).toBe(true);

    // The list, newest first, links to it.
    await page.getByTestId('quality-nav-reports').click();
    await page.getByTestId(`report-row-${view.id}`).waitFor();
    const list = await get('/quality/reports');
    expect(await page.locator('[data-testid^=report-row-]').evaluateAll((rs) => rs.map((x) => x.getAttribute('data-testid')))).toEqual(
      list.items.map((i: { id: number }) => `report-row-${i.id}`),
    );
  });

  it('callback work list: masked numbers; "not solved" recorded on the page reopens the work order; a visit call rings the page and its result keeps the call', async () => {
    await page.getByTestId('quality-nav-callbacks').click();
    await page.locator('[data-testid=quality-page-callbacks][data-loaded=true]').waitFor();
    const due = (await get('/quality/callbacks?status=due,in_progress')).items;
    expect(due).toHaveLength(3); // the three closes of the 23rd, due a day later
    expect(await page.locator('[data-testid^=callback-row-]').evaluateAll((rs) => rs.map((x) => x.getAttribute('data-testid')))).toEqual(
      due.map((v: { id: number }) => `callback-row-${v.id}`),
    );
    for (const v of due) {
      expect(v.customer.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
      expect(await page.getByTestId(`callback-row-${v.id}`).getByTestId('callback-phone').textContent()).toBe(v.customer.phone);
    }
    const visit = due[0];
    await shot('4-callbacks');
    await page.getByTestId(`callback-satisfaction-${visit.id}`).locator('.ant-rate-star').nth(1).click(); // two stars
    await page.getByTestId(`callback-solved-${visit.id}`).getByText('未解决 (重开工单)').click();
    await page.getByTestId(`callback-comments-${visit.id}`).fill('客户说仍未送达');
    await page.getByTestId(`callback-result-${visit.id}`).click();
    await page.getByTestId(`callback-row-${visit.id}`).getByTestId('callback-status').filter({ hasText: '未解决' }).waitFor();
    const after = await get(`/quality/callbacks?workOrder=${visit.workOrder.number}`);
    expect(after.items[0]).toMatchObject({ status: 'failed', result: { satisfaction: 2, solved: false, dissatisfied: true, comments: '客户说仍未送达' } });
    expect((await get(`/work-orders/${visit.workOrder.number}`)).status).toBe('reopened');

    // Call the next customer from the page: the sandbox's customer picks up, the page's softphone rings, the monitor answers and hangs up.
    const next = due[1];
    await page.getByTestId('callbacks-device-status').filter({ hasText: '话机已就绪' }).waitFor();
    await page.getByTestId(`callback-call-${next.id}`).click();
    await page.getByTestId(`callback-row-${next.id}`).getByTestId('callback-status').filter({ hasText: '回访中' }).waitFor();
    const [attempt] = (await get(`/quality/callbacks/${next.id}`)).attemptLog;
    expect(attempt.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    for (let s = 0; s < 15 && !(await page.getByTestId('visit-call-panel').isVisible()); s++) await h.advance(1);
    await page.getByTestId('visit-call-answer').click();
    await page.getByTestId('visit-call-state').filter({ hasText: '通话中' }).waitFor();
    await shot('5-callback-call');
    await h.advance(20);
    await page.getByTestId('visit-call-hangup').click();
    await page.getByTestId('visit-call-panel').waitFor({ state: 'hidden' });
    await h.advance(1);
    await page.getByTestId(`callback-result-${next.id}`).click();
    await page.getByTestId(`callback-row-${next.id}`).getByTestId('callback-status').filter({ hasText: '已完成' }).waitFor();
    expect(await get(`/quality/callbacks/${next.id}`)).toMatchObject({ status: 'done', result: { satisfaction: 5, solved: true, callSid: attempt.callSid } });
    expect(await get(`/calls/${attempt.callSid}`)).toMatchObject({ direction: 'outbound-visit', agentJobNumber: '3001' });
  });

  it('spot checks: a day sampled from the page lists the sample the API drew; one is completed with a note checked as it is typed', async () => {
    await page.getByTestId('spot-check-sample-date').fill(DAY);
    await page.getByTestId('spot-check-sample').click();
    await page.getByTestId('spot-check-sample-result').waitFor();
    // Sampling again answers the same set (idempotent): what the page drew.
    const drawn = (await h.http.post('/quality/spot-checks/sample').set(auth(quality)).send({ date: DAY }).expect(200)).body as {
      terminals: { terminal: string; closed: number; sampled: number; workOrders: string[] }[];
    };
    // Independently: the three orders the test closed on the report day, less the one the callback reopened ("not solved").
    expect(drawn.terminals.reduce((n, x) => n + x.closed, 0)).toBe(2);
    for (const x of drawn.terminals) {
      expect(x.sampled).toBeGreaterThanOrEqual(1);
      expect(await page.getByTestId(`spot-check-sampled-${x.terminal}`).textContent()).toContain(`${x.sampled} / `);
    }
    const listed = ((await get(`/quality/spot-checks?date=${DAY}`)) as { items: unknown[] }).items as {
      id: number;
      workOrder: { number: string };
      customer: { phone: string };
    }[];
    expect(listed.map((s) => s.workOrder.number).sort()).toEqual(drawn.terminals.flatMap((x) => x.workOrders).sort());
    await page.getByTestId(`spot-check-row-${listed[0].id}`).waitFor();
    expect(await page.locator('[data-testid^=spot-check-row-]').evaluateAll((rs) => rs.map((x) => x.getAttribute('data-testid')))).toEqual(
      listed.map((s) => `spot-check-row-${s.id}`),
    );
    expect(listed[0].customer.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
    await shot('5b-spot-checks');

    // The note is required: an empty one is refused on the page, before any request.
    const check = listed[0];
    await page.getByTestId(`spot-check-complete-${check.id}`).click();
    await page.getByTestId(`spot-check-done-${check.id}`).click();
    await page.getByText('请填写抽查意见').waitFor();
    expect(((await get(`/quality/spot-checks/${check.id}`)) as { status: string }).status).toBe('open');
    await page.getByTestId(`spot-check-note-${check.id}`).fill('方案合理，回访及时');
    await page.getByTestId(`spot-check-done-${check.id}`).click();
    await page.getByTestId(`spot-check-row-${check.id}`).getByTestId('spot-check-status').filter({ hasText: '已抽查' }).waitFor();
    expect(await get(`/quality/spot-checks/${check.id}`)).toMatchObject({ status: 'done', note: '方案合理，回访及时', completedBy: '3001' });
  });

  it('scorecard: criteria and weights edited on the page (checked as typed) are the ones scored; the subject picked from the list; the total shown is the one stored', async () => {
    type Item = { code: string; label: string; maxPoints: number; weight: number; criticalFail: boolean };
    type Detail = { id: number; currentVersion: number; sections: { title: string; items: Item[] }[] };
    await page.getByTestId('quality-nav-scorecards').click();
    await page.locator('[data-testid=quality-page-scorecards][data-loaded=true]').waitFor();
    const [form] = (await get('/quality/scorecards')) as { id: number }[];
    const before = (await get(`/quality/scorecards/${form.id}`)) as Detail;

    // The editor: a new item in the last section and a new weight for the first item.
    await page.getByTestId('scorecard-edit').click();
    await page.getByTestId('scorecard-editor').waitFor();
    const last = before.sections.length - 1;
    const added = `editor-item-${last}-${before.sections[last].items.length}`;
    await page.getByTestId(`editor-add-item-${last}`).click();
    await page.getByTestId(`${added}-code`).fill('Bad code');
    await page.getByText('代码为 2–32 位小写字母、数字或下划线，以字母开头').waitFor(); // as typed, before any request
    await page.getByTestId(`${added}-code`).fill(before.sections[0].items[0].code);
    await page.getByText('该代码已被其他评分项使用').first().waitFor();
    await page.getByTestId(`${added}-code`).fill('empathy');
    await page.getByTestId(`${added}-label`).fill('共情表达');
    await page.getByTestId(`${added}-max`).fill('5');
    await page.getByTestId(`${added}-weight`).fill('15');
    await page.getByTestId('editor-item-0-0-weight').fill('20');
    const edited = before.sections.flatMap((x) => x.items).map((i, n) => (n === 0 ? { ...i, weight: 20 } : i));
    const totalWeight = edited.reduce((n, i) => n + i.weight, 0) + 15;
    await page
      .getByTestId('editor-total-weight')
      .filter({ hasText: String(totalWeight) })
      .waitFor();
    expect(await page.getByTestId(`${added}-share`).textContent()).toBe(`${Math.round((1000 * 15) / totalWeight) / 10}%`);
    await shot('6a-scorecard-editor');
    await page.getByTestId('editor-save').click();
    await page.getByTestId('scorecard-item-empathy').waitFor();
    const detail = (await get(`/quality/scorecards/${form.id}`)) as Detail;
    expect(detail.currentVersion).toBe(before.currentVersion); // nobody had scored on it: edited in place
    expect(detail.sections[0].items[0].weight).toBe(20);
    expect(detail.sections[last].items.at(-1)).toEqual({ code: 'empathy', label: '共情表达', maxPoints: 5, weight: 15, criticalFail: false });

    // The subject: work orders from the server's list (newest first), picked by a click.
    await page.getByTestId('scorecard-subject-type').getByText('工单').click();
    const subjects = ((await get('/quality/scorecard-subjects?subjectType=work_order&limit=10')) as { items: { subjectId: string }[] }).items;
    await page.getByTestId(`scorecard-subject-row-${subjects[0].subjectId}`).waitFor();
    expect(await page.locator('[data-testid^=scorecard-subject-row-]').evaluateAll((rs) => rs.map((x) => x.getAttribute('data-testid')))).toEqual(
      subjects.map((x) => `scorecard-subject-row-${x.subjectId}`),
    );
    await page.getByTestId(`scorecard-subject-row-${made[6].number}`).click();
    expect(await page.getByTestId('scorecard-subject').textContent()).toBe(made[6].number);

    const items = detail.sections.flatMap((x) => x.items);
    // Every item one point short of full, except the critical ones (passed); the weighted total computed here.
    const points = items.map((i) => (i.criticalFail ? i.maxPoints : i.maxPoints - 1));
    await page.getByTestId(`scorecard-item-${items[0].code}`).fill(String(items[0].maxPoints + 1));
    await page.getByText(`请填写 0 到 ${items[0].maxPoints} 的整数`).waitFor(); // out of range, said as typed
    for (const [n, item] of items.entries()) {
      if (item.criticalFail) await page.getByTestId(`scorecard-critical-${item.code}`).waitFor();
      await page.getByTestId(`scorecard-item-${item.code}`).fill(String(points[n]));
    }
    const weights = items.reduce((n, i) => n + i.weight, 0);
    const expected = Math.round((1000 * items.reduce((n, i, k) => n + (i.weight * points[k]) / i.maxPoints, 0)) / weights) / 10;
    await page
      .getByTestId('scorecard-total')
      .filter({ hasText: `${expected}%` })
      .waitFor();
    await shot('6-scorecard');
    await page.getByTestId('scorecard-submit').click();
    await page.getByTestId('scorecard-saved').waitFor();
    const [evaluation] = (await get(`/quality/evaluations?subject=${made[6].number}`)) as { id: number }[];
    expect(evaluation).toMatchObject({ scorePct: expected, agentJobNumber: '1001', monitorJobNumber: '3001', form: { version: detail.currentVersion } });
    await page
      .getByTestId(`evaluation-row-${evaluation.id}`)
      .getByTestId('score')
      .filter({ hasText: `${expected}%` })
      .waitFor();

    // The same subject again on the same version: the server's refusal, worded from its code (scorecard.already_scored).
    await page.getByTestId('scorecard-submit').click();
    await page.getByTestId('scorecard-error').filter({ hasText: '你已在该评分表的此版本上评过这个对象' }).waitFor();
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    errors.length = 0;
  });

  it('agent KPI table: every month row equals GET /quality/agent-kpis, and the CSV from the page is the API’s', async () => {
    await page.getByTestId('quality-nav-kpis').click();
    await page.getByTestId('kpi-from').fill('2026-11-01');
    await page.getByTestId('kpi-to').fill('2026-11-30');
    await page.getByTestId('kpi-load').click();
    await page.locator('[data-testid=quality-page-kpis][data-loaded=true]').waitFor();
    const k = await get('/quality/agent-kpis?from=2026-11-01&to=2026-11-30');
    const agent = k.months.find((m: { jobNumber: string }) => m.jobNumber === '1001');
    expect(agent).toMatchObject({ month: '2026-11', workOrdersCreated: made.length, qaEvaluations: 1 });
    expect(await page.locator('[data-testid^=kpi-row-]').evaluateAll((rs) => rs.map((x) => x.getAttribute('data-testid')))).toEqual(
      k.months.map((m: { jobNumber: string; month: string }) => `kpi-row-${m.jobNumber}-${m.month}`),
    );
    for (const m of k.months) {
      expect(await rowCells(page, `kpi-row-${m.jobNumber}-${m.month}`)).toEqual({
        grade: m.grade ?? '—',
        offered: num(m.offered),
        answered: num(m.answered),
        'within-rings-pct': pct(m.answeredWithinRingsPct),
        missed: num(m.missed),
        asa: num(m.avgSpeedOfAnswerSeconds),
        aht: num(m.avgHandleSeconds),
        'not-ready': num(m.notReadySeconds),
        'wo-created': num(m.workOrdersCreated),
        'wo-closed': num(m.workOrdersClosed),
        'sla-kept-pct': pct(m.slaKeptPct),
        'qa-score': pct(m.qaScorePct),
        satisfaction: num(m.avgSatisfaction),
      });
    }
    await shot('7-kpis');
    const csv = await downloaded(() => page.getByTestId('kpi-download-csv').click());
    expect(csv.name).toBe('agent-kpis-2026-11-01-2026-11-30.csv');
    const [header, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    const col = (key: string) => header.findIndex((c) => c.endsWith(` ${key}`));
    const monthRows = rows.filter((r) => r[col('period')] === 'month');
    expect(
      monthRows.map((r) => [
        r[col('jobNumber')],
        r[col('date')],
        r[col('workOrdersCreated')],
        r[col('workOrdersClosed')],
        r[col('grade')],
        r[col('qaScorePct')],
      ]),
    ).toEqual(
      k.months.map(
        (m: { jobNumber: string; month: string; workOrdersCreated: number; workOrdersClosed: number; grade: string | null; qaScorePct: number | null }) => [
          m.jobNumber,
          m.month,
          String(m.workOrdersCreated),
          String(m.workOrdersClosed),
          m.grade ?? '',
          m.qaScorePct === null ? '' : String(m.qaScorePct),
        ],
      ),
    );

    // English on the switch.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('quality-nav-kpis').filter({ hasText: 'Agent KPIs' }).waitFor();
    await page.getByTestId('quality-nav-dashboard').click();
    await page.locator('[data-testid=quality-page-dashboard][data-loaded=true]').waitFor();
    // The alerts too, from their codes: English words, the unit's name as it is.
    await page
      .getByTestId('dashboard-capacity-alerts')
      .getByTestId('alert-message')
      .filter({ hasText: 'deliveries booked, over its capacity of' })
      .first()
      .waitFor();
    await shot('8-dashboard-english');
    expect(errors).toEqual([]);
  });
});
