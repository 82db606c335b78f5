import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../scripts/bench-server';
import { PERIODIC_JOBS_OFF, ServerProcess, startServerProcess } from './support/server-process-harness';
import { DEMO_PASSWORD } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * The standalone Twilio sandbox of scripts/start-site.sh (`scripts/sandbox-server.ts`, in a process of
 * its own as Twilio is outside ours) with a server process behind it: the script starts, a call to the
 * hotline number reaches the server's IVR through the site address, and the caller's menu choice queues
 * them. (It once crashed on start — its config needs reflect-metadata — and nothing ran it but the script.)
 */
describe('standalone sandbox process (scripts/sandbox-server.ts) in front of a server process', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let sandbox: ChildProcess;
  let server: ServerProcess;

  afterAll(async () => {
    await server?.stop();
    sandbox?.kill('SIGTERM');
    await db?.drop();
  });

  it('starts, and a call to the hotline number is answered by the server’s IVR and queued on the caller’s choice', async () => {
    db = await createTestDatabase();
    const [serverPort, sandboxPort] = [await freePort(), await freePort()];
    const site = `http://127.0.0.1:${serverPort}`;
    sandbox = fork(join(__dirname, '..', 'scripts', 'sandbox-server.ts'), [], {
      execArgv: ['--require', join(__dirname, 'support', 'swc-register.js')],
      env: { PATH: process.env.PATH ?? '', SANDBOX_PORT: String(sandboxPort), SITE_URL: site, HOTLINE_NUMBER: '4008001234' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    sandbox.stdout!.on('data', (chunk) => (output += chunk));
    sandbox.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      sandbox.stdout!.on('data', () => output.includes('twilio sandbox on') && resolve());
      sandbox.once('exit', (code) => reject(new Error(`sandbox-server exited (${code}):\n${output}`)));
    });
    expect(output).toContain(`calls to 4008001234 go to ${site}`);

    server = await startServerProcess({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      SEED_DEMO: 'true',
      PORT: String(serverPort),
      PUBLIC_BASE_URL: site,
      TELEPHONY: 'sandbox',
      TWILIO_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
      BUSINESS_HOURS: '00:00-24:00',
      ...PERIODIC_JOBS_OFF,
      ...db.env,
    });

    const sandboxApi = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${sandboxPort}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as Record<string, unknown>;
    };
    const { callSid: sid } = (await sandboxApi('POST', '/sandbox/calls', { from: '+8613800138000', to: '4008001234', digits: '1' })) as { callSid: string };
    // No agent is ready: the caller, answered by the IVR, waits in the queue they chose (Twilio's <Enqueue>).
    let call: { status?: string; events?: { type: string; url?: string; queue?: string }[] } = {};
    for (let i = 0; i < 300 && !call.events?.some((e) => e.type === 'enqueue'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      call = await sandboxApi('GET', `/sandbox/calls/${sid}`);
    }
    expect(call.status).toBe('in-progress');
    // The IVR's greeting and menu are spoken in real time (~15 s) before the choice is heard.
    expect(call.events?.find((e) => e.type === 'webhook')?.url).toBe(`${site}/twilio/voice/incoming`);
    expect(call.events?.find((e) => e.type === 'enqueue')?.queue).toBe('orders');
  });
});
