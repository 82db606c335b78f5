import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './test-app';

/**
 * What every browser spec (test/*.browser.e2e-spec.ts) sets up the same way: Debian's Chromium, the
 * pages built by Vite into a folder of their own for the server to serve, and the sign-in form.
 */
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots and the built pages; git ignores it. */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

// A newcomer without Chromium skips the browser specs; CI (which installs it) must run them and fails without it.
export const describeWithChromium = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

/**
 * Builds the pages (web/build.mjs, a production bundle) into `bundle` — a folder of test-artifacts/, or
 * an absolute path — and launches Chromium. Call it before starting the server: the server serves the
 * folder (WEB_ROOT). Each spec builds its own folder, so two spec files never share one half-written.
 */
export async function startChromium(bundle: string): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const web = resolve(ARTIFACTS, bundle);
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'web', 'build.mjs'), web], { stdio: 'inherit' });
  process.env.WEB_ROOT = web;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Closes what startChromium opened (the browser may be missing when the set-up failed half-way). */
export async function stopChromium(browser: Browser | undefined): Promise<void> {
  await browser?.close();
  delete process.env.WEB_ROOT;
}

/** Signs in with the demo password: on the sign-in page at `baseUrl`, or, without it, on the form the page shows. */
export async function signIn(page: Page, jobNumber: string, baseUrl?: string): Promise<void> {
  if (baseUrl !== undefined) await page.goto(`${baseUrl}/`);
  await page.getByTestId('login-job-number').fill(jobNumber);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** Opens a page's route in the signed-in app (the pages route by the address after '#'; no reload, the session stays). */
export async function goTo(page: Page, path: string): Promise<void> {
  // Run in the page: this file compiles without the DOM library.
  await page.evaluate((to) => ((globalThis as unknown as { location: { hash: string } }).location.hash = `#${to}`), path);
}
