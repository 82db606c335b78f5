import { DataSource } from 'typeorm';
import { CallRecord } from '../src/telephony/call-record.entity';
import { DEMO_PASSWORD } from './support/test-app';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { byMessage } from './support/error-body';

const HOTLINE = '4008001234';
const DAY = '2026-11-23'; // the harness's virtual day
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Item {
  code: string;
  label: string;
  maxPoints: number;
  weight?: number;
  criticalFail?: boolean;
}
const FORM = {
  name: '投诉电话质检 Complaint call scorecard',
  subjectTypes: ['call', 'work_order'],
  sections: [
    {
      title: '问候与礼貌用语',
      items: [
        { code: 'greeting', label: '标准问候语', maxPoints: 5, weight: 10 },
        { code: 'rude_language', label: '无辱骂客户', maxPoints: 1, weight: 0, criticalFail: true },
      ],
    },
    { title: '准确性', items: [{ code: 'accuracy', label: '信息准确', maxPoints: 10, weight: 30 }] },
    { title: '解决方案', items: [{ code: 'solution', label: '方案合理', maxPoints: 10 }] }, // weight defaults to its 10 points
    { title: '结案', items: [{ code: 'closure', label: '结束语', maxPoints: 4, weight: 20 }] },
  ] as { title: string; items: Item[] }[],
};
const items = (form = FORM) => form.sections.flatMap((s) => s.items);
/** The weighted total, computed here from the form as the README states it: Σ weight × points / max over Σ weight; a critical item at 0 → 0. */
function expectedPct(points: Record<string, number>, form = FORM): number {
  const all = items(form);
  if (all.some((i) => i.criticalFail && points[i.code] === 0)) return 0;
  const weight = (i: Item) => i.weight ?? i.maxPoints;
  const total = all.reduce((sum, i) => sum + weight(i), 0);
  return round1((100 * all.reduce((sum, i) => sum + (weight(i) * points[i.code]) / i.maxPoints, 0)) / total);
}
const scoresOf = (points: Record<string, number>, comments: Record<string, string> = {}) =>
  Object.entries(points).map(([item, p]) => ({ item, points: p, ...(comments[item] ? { comment: comments[item] } : {}) }));
const variance = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.round((xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) * 100) / 100;
};

describe('quality: scorecards, evaluations and calibration (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let monitor: string;
  let second: string;
  let callSid: string;
  let orderNumber: string;
  let formId: number;
  afterAll(() => h?.close());

  beforeAll(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    monitor = await h.tokenFor('3001');
    // A second quality monitor, through the admin API.
    const admin = await h.tokenFor('9001');
    await h.http
      .post('/staff')
      .set(auth(admin))
      .send({ jobNumber: '3002', name: '李质检', roles: ['quality'], password: DEMO_PASSWORD })
      .expect(201);
    second = await h.tokenFor('3002');

    // A real call: 1003 answers on the first ring, talks 30 s; then opens a work order from the call.
    const agent = await h.agent('1003');
    callSid = h.sandbox.placeCall({ from: '+8613800138009', to: HOTLINE });
    await h.advance(1);
    agent.accept();
    await h.advance(30);
    h.sandbox.hangup(callSid);
    await h.advance(1);
    orderNumber = (
      await h.http
        .post('/work-orders')
        .set(auth(agent.token))
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: '+8613800138009',
          description: '洗衣机未送达',
          callSid,
        })
        .expect(201)
    ).body.number;
  });

  it('lists the calls and work orders to score, so the subject is picked from a list, not typed', async () => {
    const calls = (await h.http.get('/quality/scorecard-subjects?subjectType=call').set(auth(monitor)).expect(200)).body;
    expect(calls.items).toEqual([expect.objectContaining({ subjectType: 'call', subjectId: callSid, agentJobNumber: '1003', evaluations: 0 })]);
    expect(calls.items[0].summary).toContain('138****8009'); // masked for quality monitors
    const orders = (await h.http.get('/quality/scorecard-subjects?subjectType=work_order&agent=1003').set(auth(monitor)).expect(200)).body;
    expect(orders).toEqual({
      items: [expect.objectContaining({ subjectType: 'work_order', subjectId: orderNumber, agentJobNumber: '1003' })],
      nextCursor: null,
    });
    expect((await h.http.get('/quality/scorecard-subjects?subjectType=work_order&agent=1004').set(auth(monitor)).expect(200)).body.items).toEqual([]);
    expect((await h.http.get('/quality/scorecard-subjects?subjectType=email').set(auth(monitor)).expect(400)).body.errors[0]).toMatchObject({
      field: 'subjectType',
    });
    await h.http
      .get('/quality/scorecard-subjects?subjectType=call')
      .set(auth(await h.tokenFor('1003')))
      .expect(403);
  });

  it('creates a form with sections and weighted items, refuses bad ones naming the field, and edits it in place while unscored', async () => {
    const created = (await h.http.post('/quality/scorecards').set(auth(monitor)).send(FORM).expect(201)).body;
    formId = created.id;
    expect(created).toMatchObject({ name: FORM.name, subjectTypes: ['call', 'work_order'], currentVersion: 1, version: 1, retired: false, totalWeight: 70 });
    expect(created.sections[2].items[0]).toEqual({ code: 'solution', label: '方案合理', maxPoints: 10, weight: 10, criticalFail: false });
    expect(created.versions).toEqual([{ version: 1, createdAt: expect.any(String), evaluations: 0 }]);

    const bad = (body: object) =>
      h.http
        .post('/quality/scorecards')
        .set(auth(monitor))
        .send({ ...FORM, ...body })
        .expect(400);
    const duplicate = [{ title: 'a', items: [FORM.sections[0].items[0], FORM.sections[0].items[0]] }];
    expect((await bad({ sections: duplicate })).body.errors.map(byMessage)).toEqual(['sections: item code "greeting" is used more than once']);
    expect((await bad({ sections: duplicate })).body).toMatchObject({
      code: 'scorecard.form_invalid',
      errors: [{ code: 'scorecard.item_code_taken', params: { item: 'greeting' } }],
    });
    expect((await bad({ subjectTypes: ['email'] })).body.errors.map(byMessage)).toEqual(['subjectTypes must hold call and/or work_order']);
    expect((await bad({ sections: [{ title: 'a', items: [{ code: 'xx', label: 'X', maxPoints: 0 }] }] })).body.errors.map(byMessage)).toEqual([
      'sections.0.items.0.maxPoints must not be less than 1',
    ]);
    await h.http
      .post('/quality/scorecards')
      .set(auth(await h.tokenFor('1003')))
      .send(FORM)
      .expect(403);

    // Nobody has scored on version 1 yet: an edit changes it in place.
    const edited = structuredClone(FORM);
    edited.sections[0].items[0].label = '标准问候语并报工号';
    const put = (await h.http.put(`/quality/scorecards/${formId}`).set(auth(monitor)).send(edited).expect(200)).body;
    expect(put).toMatchObject({ currentVersion: 1, version: 1 });
    expect(put.sections[0].items[0].label).toBe('标准问候语并报工号');
    FORM.sections[0].items[0].label = '标准问候语并报工号';
  });

  it('scores a real call: the agent comes from the call record, the total from the weights, the recording from the call', async () => {
    const points = { greeting: 4, rude_language: 1, accuracy: 7, solution: 10, closure: 3 };
    const body = (
      await h.http
        .post('/quality/evaluations')
        .set(auth(monitor))
        .send({ formId, subjectType: 'call', subjectId: callSid, scores: scoresOf(points) })
        .expect(201)
    ).body;
    const call = await h.app.get(DataSource).getRepository(CallRecord).findOneByOrFail({ callSid });
    expect(call.agentJobNumber).toBe('1003');
    expect(body).toMatchObject({
      form: { id: formId, version: 1 },
      subjectType: 'call',
      subjectId: callSid,
      agentJobNumber: '1003',
      monitorJobNumber: '3001',
      scorePct: expectedPct(points),
      criticalFailed: false,
      criticalFailedItems: [],
      recordingUrl: call.recordingUrl,
    });
    expect(body.scorePct).toBe(77.1); // (8 + 21 + 10 + 15) / 70
    expect(body.items.map((i: { item: string; points: number }) => [i.item, i.points])).toEqual(Object.entries(points));
    // The same monitor cannot score the same call twice on one version.
    await h.http
      .post('/quality/evaluations')
      .set(auth(monitor))
      .send({ formId, subjectType: 'call', subjectId: callSid, scores: scoresOf(points) })
      .expect(409);
  });

  it('refuses scores that do not fit the form with a 400 naming the item', async () => {
    const post = (scores: object[], subject = { subjectType: 'work_order', subjectId: orderNumber }) =>
      h.http
        .post('/quality/evaluations')
        .set(auth(second))
        .send({ formId, ...subject, scores });
    const full = { greeting: 5, rude_language: 1, accuracy: 10, solution: 10, closure: 4 };
    const { closure: _, ...missing } = full;
    expect((await post(scoresOf(missing)).expect(400)).body.errors.map(byMessage)).toEqual(['scores: item "closure" (结束语) is not scored']);
    // Each finding also as a code and values, for a page to word it (the answer's code names the refusal).
    expect((await post(scoresOf({ ...full, accuracy: 11 })).expect(400)).body).toMatchObject({
      code: 'scorecard.scores_invalid',
      errors: [{ field: 'scores', code: 'scorecard.points_out_of_range', params: { item: 'accuracy', label: '信息准确', max: 10, got: 11 } }],
    });
    expect((await post(scoresOf({ ...full, accuracy: 11 })).expect(400)).body.errors.map(byMessage)).toEqual([
      'scores: item "accuracy" (信息准确) must be a whole number from 0 to 10 (got 11)',
    ]);
    expect((await post(scoresOf({ ...full, rude_language: 0 })).expect(400)).body.errors.map(byMessage)).toEqual([
      'scores: item "rude_language" (无辱骂客户) is a critical-fail item scored 0; a comment is required',
    ]);
    expect((await post([...scoresOf(full), { item: 'bogus', points: 1 }]).expect(400)).body.errors.map(byMessage)).toEqual([
      'scores: item "bogus" is not on this form',
    ]);
    expect((await post([{ item: 'greeting', points: 'five' }]).expect(400)).body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['scores.0.points must be a number']),
    );
    await post(scoresOf(full), { subjectType: 'call', subjectId: 'CA00000000000000000000000000000000' }).expect(404);
    await post(scoresOf(full), { subjectType: 'work_order', subjectId: 'WO20261123-999999' }).expect(404);
    await h.http
      .post('/quality/evaluations')
      .set(auth(await h.tokenFor('1003')))
      .send({ formId, subjectType: 'work_order', subjectId: orderNumber, scores: scoresOf(full) })
      .expect(403);
  });

  it('scores a work order: the agent is its creator; a failed critical item with a comment zeroes the total', async () => {
    const points = { greeting: 5, rude_language: 0, accuracy: 10, solution: 10, closure: 4 };
    const body = (
      await h.http
        .post('/quality/evaluations')
        .set(auth(second))
        .send({
          formId,
          subjectType: 'work_order',
          subjectId: orderNumber,
          scores: scoresOf(points, { rude_language: '通话中对客户出言不逊' }),
        })
        .expect(201)
    ).body;
    expect(expectedPct(points)).toBe(0);
    expect(body).toMatchObject({ agentJobNumber: '1003', monitorJobNumber: '3002', scorePct: 0, criticalFailed: true, criticalFailedItems: ['rude_language'] });
    expect(body.items.find((i: { item: string }) => i.item === 'rude_language')).toMatchObject({ failed: true, comment: '通话中对客户出言不逊' });
    expect(body.recordingUrl).toBeUndefined();
  });

  it('calibrates two monitors on the same call: per item each score, mean, spread and variance, and the total’s variance', async () => {
    const first = (await h.http.get(`/quality/evaluations?subject=${callSid}`).set(auth(monitor)).expect(200)).body[0];
    const points = { greeting: 2, rude_language: 1, accuracy: 9, solution: 6, closure: 4 };
    const mine = (
      await h.http
        .post('/quality/evaluations')
        .set(auth(second))
        .send({ formId, subjectType: 'call', subjectId: callSid, scores: scoresOf(points) })
        .expect(201)
    ).body;

    const cal = (await h.http.get(`/quality/calibration?subjectType=call&subjectId=${callSid}&formId=${formId}`).set(auth(monitor)).expect(200)).body;
    expect(cal).toMatchObject({
      subjectType: 'call',
      subjectId: callSid,
      form: { id: formId, version: 1 },
      agentJobNumber: '1003',
      calibrated: true,
      monitors: ['3001', '3002'],
    });
    for (const item of items()) {
      const a = first.items.find((i: { item: string }) => i.item === item.code).points;
      const b = points[item.code as keyof typeof points];
      const row = cal.items.find((i: { item: string }) => i.item === item.code);
      expect(row.scores.map((s: { monitorJobNumber: string; points: number }) => [s.monitorJobNumber, s.points])).toEqual([
        ['3001', a],
        ['3002', b],
      ]);
      expect(row).toMatchObject({ mean: (a + b) / 2, spread: Math.abs(a - b), variance: variance([a, b]) });
    }
    expect(cal.total).toMatchObject({
      mean: round2((first.scorePct + mine.scorePct) / 2),
      spread: round2(Math.abs(first.scorePct - mine.scorePct)),
      variance: variance([first.scorePct, mine.scorePct]),
    });

    const sessions = (await h.http.get(`/quality/calibration/sessions?from=${DAY}&to=${DAY}`).set(auth(monitor)).expect(200)).body;
    // The call, scored by both; the work order has only 3002's evaluation.
    expect(sessions).toEqual([
      expect.objectContaining({
        formId,
        version: 1,
        subjectType: 'call',
        subjectId: callSid,
        agentJobNumber: '1003',
        monitors: ['3001', '3002'],
        evaluations: 2,
      }),
    ]);
    expect((await h.http.get('/quality/calibration/sessions?from=2026-11-24&to=2026-11-24').set(auth(monitor)).expect(200)).body).toEqual([]);
    await h.http.get(`/quality/calibration?subjectType=call&subjectId=${callSid}&formId=${formId}&version=2`).set(auth(monitor)).expect(404);
    expect((await h.http.get('/quality/calibration?subjectType=call&subjectId=x').set(auth(monitor)).expect(400)).body.errors.map(byMessage)).toEqual([
      'formId must be a whole number',
    ]);
  });

  it('makes a new version when a scored form is edited; old evaluations keep theirs; a retired form takes no more', async () => {
    const edited = structuredClone(FORM);
    edited.sections[2].items[0].maxPoints = 5;
    const v2 = (await h.http.put(`/quality/scorecards/${formId}`).set(auth(monitor)).send(edited).expect(200)).body;
    expect(v2).toMatchObject({ currentVersion: 2, version: 2 });
    expect(v2.versions.map((v: { version: number; evaluations: number }) => [v.version, v.evaluations])).toEqual([
      [1, 3],
      [2, 0],
    ]);
    const v1 = (await h.http.get(`/quality/scorecards/${formId}?version=1`).set(auth(monitor)).expect(200)).body;
    expect(v1.sections[2].items[0].maxPoints).toBe(10);
    const old = (await h.http.get(`/quality/evaluations?agent=1003&from=${DAY}&to=${DAY}`).set(auth(monitor)).expect(200)).body;
    expect(old).toHaveLength(3);
    expect(old.every((e: { form: { version: number } }) => e.form.version === 1)).toBe(true);

    // On version 2 the solution item tops out at 5; 3001 may score the work order again on it.
    const points = { greeting: 5, rude_language: 1, accuracy: 10, solution: 5, closure: 4 };
    const body = (
      await h.http
        .post('/quality/evaluations')
        .set(auth(monitor))
        .send({ formId, subjectType: 'work_order', subjectId: orderNumber, scores: scoresOf(points) })
        .expect(201)
    ).body;
    expect(body).toMatchObject({ form: { version: 2 }, scorePct: expectedPct(points, edited) });
    expect(body.scorePct).toBe(100);
    expect((await h.http.get(`/quality/evaluations/${body.id}`).set(auth(monitor)).expect(200)).body).toEqual(body);

    await h.http.post(`/quality/scorecards/${formId}/retire`).set(auth(monitor)).expect(200);
    await h.http.post(`/quality/scorecards/${formId}/retire`).set(auth(monitor)).expect(409);
    await h.http.put(`/quality/scorecards/${formId}`).set(auth(monitor)).send(edited).expect(409);
    await h.http
      .post('/quality/evaluations')
      .set(auth(second))
      .send({ formId, subjectType: 'work_order', subjectId: orderNumber, scores: scoresOf(points) })
      .expect(409);
    const listed = (await h.http.get('/quality/scorecards').set(auth(monitor)).expect(200)).body.map((f: { id: number }) => f.id);
    expect(listed).not.toContain(formId);
    expect(listed).toHaveLength(1); // the demo seed's default form
    expect((await h.http.get('/quality/scorecards?includeRetired=true').set(auth(monitor)).expect(200)).body.map((f: { id: number }) => f.id)).toContain(
      formId,
    );
    await h.http.get('/quality/scorecards/9999').set(auth(monitor)).expect(404);
    await h.http.get('/quality/evaluations/9999').set(auth(monitor)).expect(404);
  });
});
