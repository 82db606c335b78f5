import express from 'express';
import type { AddressInfo } from 'node:net';
import { createSandboxTwilioClient } from './client';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_ACCOUNT_SID as SID, SANDBOX_DEFAULT_AUTH_TOKEN as TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';

describe('mounted in an Express app behind body parsers (as under Nest)', () => {
  it('still reads REST and control bodies and leaves other paths to the app', async () => {
    const sb = new TwilioSandbox({ clock: new VirtualClock(), phoneNumbers: [{ number: '4008001234', voiceUrl: 'http://127.0.0.1:9/unused' }] });
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(express.json());
    app.use((req, res, next) => (sb.handleHttp(req, res) ? undefined : next()));
    app.get('/health', (_req, res) => res.json({ ok: true }));
    const server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = createSandboxTwilioClient(url, SID, TOKEN);
      const q = await client.queues.create({ friendlyName: 'invoices' });
      expect(q.friendlyName).toBe('invoices');
      const res = await fetch(`${url}/sandbox/calls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: '+8613800138000', to: '4008001234' }),
      });
      expect(res.status).toBe(201);
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
    } finally {
      await sb.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
