import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { loadConfig } from '../config/load-config';
import { freePort } from '../scripts/bench-server';
import { createApp } from '../src/app';
import { describeWithChromium, signIn, startChromium, stopChromium } from './support/browser';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { DEMO_PASSWORD } from './support/test-app';

const sdkVersion: string = JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', '@twilio', 'voice-sdk', 'package.json'), 'utf8')).version;

/**
 * The softphone page ships Twilio's Voice SDK: one bundle holds it and the sandbox's Device, and the
 * page creates the one the server's configuration names (GET /telephony/token → mode).
 */
describeWithChromium('the softphone page with Twilio (TELEPHONY=twilio)', () => {
  jest.setTimeout(90_000);
  const out = mkdtempSync(join(tmpdir(), 'hotline-web-'));
  let bundle: string;
  let app: INestApplication;
  let db: TestDatabase;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    browser = await startChromium(out);
    bundle = readFileSync(join(out, 'app.js'), 'utf8');
    db = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DEMO_PASSWORD,
        SEED_DEMO: 'true',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: baseUrl,
        ...db.env,
        TELEPHONY: 'twilio',
        TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'a-real-looking-auth-token',
        TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
        TWILIO_API_KEY_SECRET: 'api-key-secret',
      }),
    );
    await app.listen(port, '127.0.0.1');
  });
  afterAll(async () => {
    await stopChromium(browser);
    await app?.close();
    await db?.drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('the production bundle contains the Voice SDK from npm (its version and Twilio signalling) and the sandbox Device', () => {
    expect(bundle).toContain(`"${sdkVersion}"`);
    expect(bundle).toMatch(/chunderw/); // the SDK's Twilio signalling endpoint option
    expect(bundle).toContain('/sandbox/device');
  });

  it("with TELEPHONY=twilio the page opens Twilio's signalling websocket, not the sandbox's", async () => {
    const page = await browser.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const token = page.waitForResponse((r) => r.url().endsWith('/telephony/token'));
    await signIn(page, '1003', baseUrl);
    expect(await (await token).json()).toMatchObject({ mode: 'twilio', identity: 'agent-1003' });
    for (let i = 0; i < 50 && !sockets.some((u) => u.includes('twilio.com')); i++) await page.waitForTimeout(100);
    const signalling = sockets.filter((u) => !u.includes('/socket.io/'));
    expect(signalling.length).toBeGreaterThan(0); // the SDK retries: no internet here
    for (const url of signalling) expect(url).toMatch(/^wss:\/\/[a-z0-9.-]+\.twilio\.com\/signal/);
  });
});
