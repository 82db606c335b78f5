import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

// `PAGE_SCREENSHOTS=docs/screenshots` refreshes the README's staff.png; a plain run leaves the repository alone.
const SCREENSHOTS = process.env.PAGE_SCREENSHOTS ? join(__dirname, '..', process.env.PAGE_SCREENSHOTS) : join(ARTIFACTS, 'screenshots');

/**
 * 人员管理 in Chromium against the real server (issue #14): admin 9001 creates a store staff member
 * on the page (the form checks as typed, the server's refusal is worded), the member signs in; the
 * admin deactivates them and their open page is signed out and sign-in refused; reactivated, a
 * password reset shows a temporary password once, which signs in; the member changes their own
 * password from the user menu and stays signed in; the account log lists it all.
 */
describeWithChromium('staff accounts in the browser (人员管理, own password change)', () => {
  jest.setTimeout(180_000);
  let h: TelephonyHarness;
  let browser: Browser;
  let adminContext: BrowserContext;
  let memberContext: BrowserContext;
  let admin: Page;
  let member: Page;
  const errors: string[] = [];

  const open = async (context: BrowserContext) => {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    return page;
  };
  const signInWith = async (page: Page, jobNumber: string, password: string) => {
    await page.goto(`${h.baseUrl}/`);
    await page.getByTestId('login-job-number').fill(jobNumber);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  };
  const row = (jobNumber: string) => admin.locator(`[data-testid=staff-row][data-job-number="${jobNumber}"]`);
  /** Waits for a form field's message, as Ant Design shows it under the field (an earlier one may still be fading out). */
  const fieldSays = (page: Page, testid: string, text: string) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId(testid) })
      .locator('.ant-form-item-explain-error')
      .getByText(text, { exact: true })
      .waitFor();
  /** A look at a step, for a person to check (test-artifacts/, not committed). */
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `staff-${name}.png`), animations: 'disabled' });
  /** Waits for the element's text to be `text`. */
  const says = (page: Page, testid: string, text: string) => page.getByTestId(testid).getByText(text, { exact: true }).waitFor();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await startChromium('web-staff');
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    adminContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    memberContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    admin = await open(adminContext);
    member = await open(memberContext);
  });
  afterAll(async () => {
    await adminContext?.close();
    await memberContext?.close();
    await stopChromium(browser);
    await h?.close();
  });

  it('admin creates a store staff member on the page, and they sign in', async () => {
    await signIn(admin, '9001', h.baseUrl);
    await admin.getByTestId('staff-table').locator('[data-testid=staff-row]').first().waitFor(); // the admin's home page
    await expect(admin.getByTestId('nav-staff').textContent()).resolves.toBe('人员管理');
    await expect(row('4001').getByTestId('staff-row-roles').getAttribute('data-roles')).resolves.toBe('terminal');
    await expect(row('9001').getByTestId('staff-deactivate').isDisabled()).resolves.toBe(true); // not your own account

    await admin.getByTestId('staff-create').click();
    await admin.getByTestId('staff-form-job-number').fill('12a');
    await admin.getByTestId('staff-form-name').fill('陈店员');
    await fieldSays(admin, 'staff-form-job-number', '工号为 3 至 16 位数字');
    await admin.getByTestId('staff-form-job-number').fill('4001'); // taken: the server's refusal, worded
    await admin.getByTestId('staff-form-roles').getByText('终端人员').click();
    await admin.getByTestId('staff-form-submit').click();
    await fieldSays(admin, 'staff-form-unit', '终端人员须选择所属单位');
    await admin.getByTestId('staff-form-unit').click();
    await admin.keyboard.type('S001');
    await admin.keyboard.press('Enter');
    await admin.getByTestId('staff-form-password').fill('short');
    await fieldSays(admin, 'staff-form-password', '密码须为 10 至 256 个字符');
    await admin.getByTestId('staff-form-password').fill('my-4001-store-key');
    await fieldSays(admin, 'staff-form-password', '密码不能包含工号');
    await expect(admin.getByTestId('password-rules').textContent()).resolves.toContain('10 至 256 个字符');
    await admin.getByTestId('staff-form-password').fill('kettle on the shop stove');
    await admin.getByTestId('staff-form-submit').click();
    await says(admin, 'staff-form-error', '工号 4001 已被使用');
    await shot(admin, 'create');

    await admin.getByTestId('staff-form-job-number').fill('4100');
    await admin.getByTestId('staff-form-submit').click();
    await row('4100').waitFor();
    await expect(row('4100').getAttribute('data-active')).resolves.toBe('true');
    await expect(row('4100').textContent()).resolves.toContain('S001');

    await signInWith(member, '4100', 'kettle on the shop stove');
    await member.getByTestId('wo-inbox').waitFor(); // store staff land on their unit's work orders
    await expect(member.getByTestId('who').textContent()).resolves.toContain('陈店员');
  });

  it('admin deactivates them: their open page is signed out, and sign-in is refused until reactivated', async () => {
    await row('4100').getByTestId('staff-deactivate').click();
    await admin.getByTestId('staff-status-reason').fill('离职');
    await admin.getByTestId('staff-status-confirm').click();
    await admin.locator('[data-testid=staff-row][data-job-number="4100"][data-active=false]').waitFor();
    await expect(row('4100').getByTestId('staff-row-status').textContent()).resolves.toBe('已停用');

    // The server closes the member's socket at once; the page signs itself out and says why.
    await member.getByTestId('login-notice').waitFor();
    await shot(member, 'signed-out');
    await expect(member.getByTestId('login-notice').textContent()).resolves.toContain('你的登录已失效');
    await member.getByTestId('login-job-number').fill('4100');
    await member.getByTestId('login-password').fill('kettle on the shop stove');
    await member.getByTestId('login-submit').click();
    await member.getByTestId('login-error').filter({ hasText: '登录失败' }).waitFor();

    await admin.getByTestId('staff-filter-status').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '已停用' }).click();
    await expect(admin.locator('[data-testid=staff-row]').count()).resolves.toBe(1);
    await admin.getByTestId('staff-filter-status').locator('.ant-select-clear').click();
    await row('4100').getByTestId('staff-reactivate').click();
    await admin.getByTestId('staff-status-confirm').click();
    await admin.locator('[data-testid=staff-row][data-job-number="4100"][data-active=true]').waitFor();
  });

  it('admin resets the password: the temporary one is shown once and signs in; the old one no longer does', async () => {
    await row('4100').getByTestId('staff-password-reset').click();
    await admin.getByTestId('staff-password-confirm').click();
    const temporary = (await admin.getByTestId('staff-temporary-password').textContent())!;
    await shot(admin, 'temporary-password');
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){2,}$/);
    await admin.getByTestId('staff-password-done').click();
    await expect(admin.getByTestId('staff-temporary-password').count()).resolves.toBe(0);

    await signInWith(member, '4100', 'kettle on the shop stove');
    await member.getByTestId('login-error').filter({ hasText: '登录失败' }).waitFor();
    await signInWith(member, '4100', temporary);
    await member.getByTestId('wo-inbox').waitFor();

    // The member changes it from the user menu: the policy checked as typed, the server's refusal worded.
    await member.getByTestId('user-menu').click();
    await member.getByTestId('own-password').click();
    await member.getByTestId('own-password-current').fill('not my password');
    await member.getByTestId('own-password-new').fill('shop-4100-key');
    await fieldSays(member, 'own-password-new', '密码不能包含工号');
    await member.getByTestId('own-password-new').fill('a quiet garden path');
    await member.getByTestId('own-password-confirm').fill('a quiet garden patch');
    await fieldSays(member, 'own-password-confirm', '两次输入的新密码不一致');
    await member.getByTestId('own-password-confirm').fill('a quiet garden path');
    await member.getByTestId('own-password-submit').click();
    await says(member, 'own-password-error', '当前密码不正确');
    await shot(member, 'own-password');
    await member.getByTestId('own-password-current').fill(temporary);
    await member.getByTestId('own-password-submit').click();
    await member.getByText('密码已修改').waitFor();

    // This page took the fresh token: it stays signed in (the server closed its old socket) and its calls work.
    await member.getByTestId('nav-work-orders').click();
    await member.locator('[data-testid=wo-inbox][data-loaded=true]').waitFor();
    await expect(member.getByTestId('login-submit').count()).resolves.toBe(0);
    await member.getByTestId('logout').click();
    await signInWith(member, '4100', temporary);
    await member.getByTestId('login-error').filter({ hasText: '登录失败' }).waitFor();
    await signInWith(member, '4100', 'a quiet garden path');
    await member.getByTestId('wo-inbox').waitFor();
  });

  it('the account log lists every change, worded', async () => {
    await admin.getByTestId('staff-tab-audit').click();
    await admin.getByTestId('staff-audit-job-number').locator('input').fill('4100');
    await admin.getByTestId('staff-audit-job-number').locator('input').press('Enter');
    const actions = admin.locator('[data-testid=staff-audit-row][data-job-number="4100"]');
    await admin.locator('[data-testid=staff-audit-row][data-action=change-password]').waitFor();
    await expect(actions.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).resolves.toEqual([
      'change-password',
      'reset-password',
      'reactivate',
      'deactivate',
      'create',
    ]);
    await expect(actions.nth(3).textContent()).resolves.toContain('状态: 在职 → 已停用');
    await expect(actions.nth(3).textContent()).resolves.toContain('离职');
    await shot(admin, 'audit');

    await admin.getByTestId('staff-tab-members').click();
    await row('4100').waitFor();
    await admin.screenshot({ path: join(SCREENSHOTS, 'staff.png'), animations: 'disabled' });
    expect(errors).toEqual([]);
  });
});
