import { startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The routes the settings pages need beyond the routing ones (test/routing.e2e-spec.ts): renaming a
 * skill, every agent's skills in one call, terminal units added and edited, an SLA policy removed, the
 * customer of a PIPL request found by phone — each guarded by role and refusing bad input with a code.
 */
describe('settings: skills, agents’ skills, units, SLA policies, PIPL subjects (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let quality: string;
  let agent: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, supervisor, quality, agent] = await Promise.all(['9001', '2001', '3001', '1001'].map((j) => t.tokenFor(j)));
  });
  afterAll(() => t.close());

  it('renames a skill (admins only), its code kept; refuses unknown codes and empty names with codes', async () => {
    const renamed = await t.http.patch('/skills/invoices').set(auth(admin)).send({ name: '发票 Invoices & receipts' }).expect(200);
    expect(renamed.body).toMatchObject({ code: 'invoices', name: '发票 Invoices & receipts' });
    expect((await t.http.get('/skills').set(auth(agent)).expect(200)).body).toContainEqual(
      expect.objectContaining({ code: 'invoices', name: '发票 Invoices & receipts' }),
    );
    await t.http.patch('/skills/invoices').set(auth(supervisor)).send({ name: 'x' }).expect(403);
    const unknown = await t.http.patch('/skills/nope').set(auth(admin)).send({ name: 'x' }).expect(404);
    expect(unknown.body).toMatchObject({ code: 'skill.not_found', params: { code: 'nope' } });
    const empty = await t.http.patch('/skills/invoices').set(auth(admin)).send({ name: '' }).expect(400);
    expect(empty.body.errors.map(byMessage)).toEqual(['name must be longer than or equal to 1 characters']);
    const taken = await t.http.post('/skills').set(auth(admin)).send({ code: 'orders', name: 'again' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'skill.exists', params: { code: 'orders' }, message: 'skill orders already exists' });
  });

  it('answers queue refusals with codes and their values', async () => {
    const key = await t.http.post('/queues').set(auth(admin)).send({ code: 'vip', name: 'VIP', skillCode: 'complaints', menuKey: '0' }).expect(409);
    expect(key.body).toMatchObject({ code: 'queue.menu_key_taken', params: { menuKey: '0', queue: 'complaints' } });
    const skill = await t.http.post('/queues').set(auth(admin)).send({ code: 'vip', name: 'VIP', skillCode: 'nope' }).expect(400);
    expect(skill.body).toMatchObject({ code: 'skill.unknown', params: { field: 'skillCode', skill: 'nope' } });
    const missing = await t.http.patch('/queues/nosuch').set(auth(supervisor)).send({ wrapUpSeconds: 10 }).expect(404);
    expect(missing.body).toMatchObject({ code: 'queue.not_found', params: { code: 'nosuch' } });
  });

  it('lists every agent with their skills for supervisors and admins, not for agents', async () => {
    await t.http
      .put('/agents/1004/skills')
      .set(auth(supervisor))
      .send({
        skills: [
          { skillCode: 'orders', level: 1 },
          { skillCode: 'warranty', level: 3 },
        ],
      })
      .expect(200);
    const rows = (await t.http.get('/agents/skills').set(auth(admin)).expect(200)).body as { jobNumber: string; active: boolean; skills: unknown[] }[];
    expect(rows.map((r) => r.jobNumber)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010']);
    expect(rows.find((r) => r.jobNumber === '1004')).toEqual({
      jobNumber: '1004',
      name: '刘洋',
      active: true,
      skills: [
        { skillCode: 'orders', level: 1 },
        { skillCode: 'warranty', level: 3 },
      ],
    });
    await t.http.get('/agents/skills').set(auth(supervisor)).expect(200);
    await t.http.get('/agents/skills').set(auth(agent)).expect(403);
  });

  it('adds and edits terminal units (admins only), code kept, bad values named', async () => {
    const created = await t.http
      .post('/units')
      .set(auth(admin))
      .send({ code: 'S004', name: '浦东门店 Pudong store', terminal: 'store', city: '上海' })
      .expect(201);
    expect(created.body).toMatchObject({ code: 'S004', name: '浦东门店 Pudong store', terminal: 'store', city: '上海', dailyCapacity: null });
    const edited = await t.http.patch('/units/L001').set(auth(admin)).send({ dailyCapacity: 450, city: null }).expect(200);
    expect(edited.body).toMatchObject({ code: 'L001', terminal: 'logistics', dailyCapacity: 450, city: null });
    expect((await t.http.get('/units').set(auth(agent)).expect(200)).body.map((u: { code: string }) => u.code)).toContain('S004');
    const taken = await t.http.post('/units').set(auth(admin)).send({ code: 'S004', name: 'again', terminal: 'store' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'unit.exists', params: { code: 'S004' } });
    const bad = await t.http.post('/units').set(auth(admin)).send({ code: 's 5', name: '', terminal: 'moon', dailyCapacity: 0 }).expect(400);
    expect(bad.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([
        'code must be 2–32 characters of A-Z, 0-9, _ or -, starting with a capital letter (e.g. S004)',
        'name must be longer than or equal to 1 characters',
        expect.stringMatching(/^terminal must be one of the following values: dispatch/),
        'dailyCapacity must not be less than 1',
      ]),
    );
    const nullName = await t.http.patch('/units/S004').set(auth(admin)).send({ name: null }).expect(400);
    expect(nullName.body.errors.map(byMessage)).toContain('name must be a string');
    expect((await t.http.patch('/units/X999').set(auth(admin)).send({ name: 'x' }).expect(404)).body.code).toBe('unit.not_found');
    await t.http.post('/units').set(auth(supervisor)).send({ code: 'S005', name: 'x', terminal: 'store' }).expect(403);
    await t.http.patch('/units/S004').set(auth(quality)).send({ name: 'x' }).expect(403);
  });

  it('removes an SLA policy: the category falls back to its built-in rule, or the default', async () => {
    await t.http.put('/sla-policies/logistics_after_sales').set(auth(supervisor)).send({ firstResponseMinutes: 10, resolutionMinutes: 1440 }).expect(200);
    const restored = await t.http.delete('/sla-policies/logistics_after_sales').set(auth(admin)).expect(200);
    expect(restored.body).toEqual({
      category: 'logistics_after_sales',
      source: 'built-in',
      firstResponseMinutes: 5,
      resolutionMinutes: 2880,
      businessHoursOnly: false,
    });
    await t.http.put('/sla-policies/late_delivery').set(auth(admin)).send({ resolutionMinutes: 600, businessHoursOnly: true }).expect(200);
    expect((await t.http.delete('/sla-policies/late_delivery').set(auth(supervisor)).expect(200)).body).toMatchObject({
      source: 'default',
      firstResponseMinutes: null,
    });
    await t.http.delete('/sla-policies/late_delivery').set(auth(quality)).expect(403);
    await t.http.delete('/sla-policies/BAD!').set(auth(admin)).expect(400);
  });

  it('finds the customer of a PIPL request by phone (admins only), with what an erasure waits for', async () => {
    const customer = (
      await t.http
        .post('/customers')
        .set(auth(agent))
        .send({ name: '测试顾客', phones: ['13800138123'] })
        .expect(201)
    ).body as { id: number };
    const found = await t.http.get('/personal-data-subjects?phone=138-0013-8123').set(auth(admin)).expect(200);
    expect(found.body).toEqual({
      customerId: customer.id,
      name: '测试顾客',
      memberNumber: null,
      vip: false,
      phones: ['+8613800138123'],
      workOrders: 0,
      openWorkOrders: 0,
      callbacksDue: 0,
    });
    expect((await t.http.get('/personal-data-subjects?phone=13900000000').set(auth(admin)).expect(404)).body).toMatchObject({ code: 'customer.not_found' });
    expect((await t.http.get('/personal-data-subjects?phone=abc').set(auth(admin)).expect(400)).body).toMatchObject({ code: 'customer.phone_invalid' });
    await t.http.get('/personal-data-subjects?phone=13800138123').set(auth(supervisor)).expect(403);
  });
});
