import { SANDBOX_DEFAULT_BYOC_TRUNK_SID, SANDBOX_DEFAULT_MESSAGING_SERVICE_SID, TwilioSandbox, VirtualClock } from '@hotline/twilio-sandbox';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { loadConfig } from '../../config/load-config';
import { freePort } from '../../scripts/bench-server';
import { createApp } from '../../src/app';
import { DataSource } from 'typeorm';
import { CallRecord } from '../../src/telephony/call-record.entity';
import { RoutingCommandsExecutor } from '../../src/telephony/routing-commands.executor';
import { SandboxHost } from '../../src/telephony/sandbox-host';
import { contractViolations } from '../fixtures/twilio-webhook-params';
import { DEMO_PASSWORD } from './test-app';
import { createTestDatabase, TestDatabase } from './test-database';

/** The whole server listening on loopback, with the embedded sandbox on a virtual clock shared with routing. */
export interface TelephonyHarness {
  app: INestApplication;
  db: TestDatabase;
  clock: VirtualClock;
  sandbox: TwilioSandbox;
  baseUrl: string;
  http: ReturnType<typeof request>;
  tokenFor(jobNumber: string): Promise<string>;
  /**
   * Signs the agent in as their softphone page does — the sandbox Device registered and the socket.io
   * /softphone connected (presence: that signs an agent in) — and, unless told not to, goes ready.
   */
  agent(jobNumber: string, opts?: { ready?: boolean }): Promise<AgentPhone>;
  /** Moves virtual time on, letting every webhook settle. */
  advance(seconds: number): Promise<void>;
  /**
   * Moves time on a second at a time until `done()` holds (or fails after `maxSeconds`): for steps
   * that start from the app's own async work (a REST call it places), which the clock cannot wait for.
   */
  advanceUntil(done: () => boolean, maxSeconds: number): Promise<number>;
  /**
   * Stops the server and starts it again on the same database, port and clock (every phone's connections drop;
   * with a standalone sandbox only the softphone sockets: the Devices and calls live in the sandbox, as at Twilio).
   * `whileDown` runs between the stop and the start.
   */
  restart(whileDown?: () => Promise<void> | void): Promise<void>;
  /**
   * Another server process (an app of its own, on its own port) on the same database, clock and
   * standalone sandbox — with REDIS_URL in `env`, a second process of the site. Closed with the harness.
   */
  startProcess(): Promise<{ app: INestApplication; baseUrl: string; http: ReturnType<typeof request> }>;
  /** Where a phone's Device registers (the sandbox's /sandbox/device). */
  deviceUrl: string;
  close(): Promise<void>;
}

/** 2026-11-23 (a Monday) 10:00 in China. */
export const MONDAY_10AM_CHINA = Date.UTC(2026, 10, 23, 2, 0, 0);

export interface TelephonyHarnessOptions {
  /**
   * Twilio's stand-in in its own server (TWILIO_SANDBOX_URL), on the same virtual clock, outliving the
   * app's restarts as Twilio outlives ours — for restart recovery. Default: embedded in the app.
   */
  standaloneSandbox?: boolean;
}

export async function startTelephonyHarness(
  env: Record<string, string> = {},
  startAt = MONDAY_10AM_CHINA,
  options: TelephonyHarnessOptions = {},
): Promise<TelephonyHarness> {
  const db = await createTestDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const clock = new VirtualClock(startAt);
  let standalone: { sandbox: TwilioSandbox; url: string } | undefined;
  if (options.standaloneSandbox) {
    const defaults = loadConfig({ NODE_ENV: 'test', ...env });
    const sandbox = new TwilioSandbox({
      clock,
      // As the embedded one (SandboxHost): the 400 number comes in by the carrier's BYOC trunk, and calls to +86 leave by it.
      phoneNumbers: [],
      byocTrunks: [
        {
          sid: defaults.TWILIO_BYOC_TRUNK_SID ?? SANDBOX_DEFAULT_BYOC_TRUNK_SID,
          friendlyName: 'China carrier (test)',
          voiceUrl: `${baseUrl}/twilio/voice/incoming`,
          voiceFallbackUrl: `${baseUrl}/twilio/voice/fallback`,
          statusCallbackUrl: `${baseUrl}/twilio/voice/status`,
          numbers: [defaults.HOTLINE_NUMBER],
        },
      ],
      timings: { ringCycleMs: defaults.RING_CADENCE_SECONDS * 1000 },
      messaging: {
        permittedCountries: ['CN', 'US', 'CA'],
        senders: [{ sender: defaults.SMS_MESSAGING_SERVICE_SID ?? SANDBOX_DEFAULT_MESSAGING_SERVICE_SID, smsUrl: `${baseUrl}/twilio/sms/incoming` }],
      },
    });
    standalone = { sandbox, url: (await sandbox.listen(0)).url };
  }
  const configInput = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_PASSWORD,
    SEED_DEMO: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
    TELEPHONY: 'sandbox',
    ...(standalone ? { TWILIO_SANDBOX_URL: standalone.url } : {}),
    ...db.env,
    ...env,
  };
  const config = loadConfig(configInput);
  let app = await createApp(config, { clock });
  await app.listen(port, '127.0.0.1');
  // Time moves only once the app has carried out the routing engine's commands (a callback placed at
  // Twilio, a caller redirected): they run on the app's own async work, which no timer stands for.
  clock.addIdleHook(() => app.get(RoutingCommandsExecutor).idle());
  const sandbox = standalone?.sandbox ?? app.get(SandboxHost).sandbox!;
  const deviceUrl = `${(standalone?.url ?? baseUrl).replace('http', 'ws')}/sandbox/device`;
  const http = request(baseUrl);
  const phones: AgentPhone[] = [];
  const others: INestApplication[] = [];
  const harness: TelephonyHarness = {
    deviceUrl,
    app,
    db,
    clock,
    sandbox,
    baseUrl,
    http,
    async tokenFor(jobNumber) {
      const response = await http.post('/auth/login').send({ jobNumber, password: DEMO_PASSWORD }).expect(200);
      return response.body.accessToken;
    },
    async agent(jobNumber, opts = {}) {
      const token = await harness.tokenFor(jobNumber);
      const voice = (await http.get('/telephony/token').set('Authorization', `Bearer ${token}`).expect(200)).body.token;
      const phone = await AgentPhone.register(deviceUrl, voice, jobNumber, token);
      phones.push(phone);
      await phone.openSoftphone(baseUrl);
      if (opts.ready !== false) await http.put(`/agents/${jobNumber}/state`).set('Authorization', `Bearer ${token}`).send({ state: 'ready' }).expect(200);
      return phone;
    },
    async advance(seconds) {
      await clock.advance(seconds * 1000);
    },
    async advanceUntil(done, maxSeconds) {
      for (let waited = 0; waited <= maxSeconds; waited++) {
        if (done()) return waited;
        await clock.advance(1000);
      }
      throw new Error(`condition not met within ${maxSeconds} s of sandbox time`);
    },
    async restart(whileDown) {
      if (standalone) for (const phone of phones) phone.dropSoftphone();
      else for (const phone of phones.splice(0)) phone.close();
      await app.close();
      await whileDown?.();
      app = await createApp(config, { clock });
      await app.listen(port, '127.0.0.1');
      harness.app = app;
      harness.sandbox = standalone?.sandbox ?? app.get(SandboxHost).sandbox!;
    },
    async startProcess() {
      if (!standalone) throw new Error('a second process needs the standalone sandbox');
      const otherPort = await freePort();
      const otherUrl = `http://127.0.0.1:${otherPort}`;
      const other = await createApp(loadConfig({ ...configInput, PORT: String(otherPort), PUBLIC_BASE_URL: otherUrl }), { clock });
      await other.listen(otherPort, '127.0.0.1');
      others.push(other);
      return { app: other, baseUrl: otherUrl, http: request(otherUrl) };
    },
    async close() {
      // The rule of the product, checked after every scenario: every inbound call that was answered
      // at all was answered — by an agent or the IVR — within three rings (15 s).
      const late = (
        await app
          .get(DataSource)
          .getRepository(CallRecord)
          .find({ where: { direction: 'inbound' } })
      )
        .filter((c) => c.answeredAt && c.answeredAt.getTime() - c.arrivedAt.getTime() > 15_000)
        .map((c) => `${c.callSid}: ${(c.answeredAt!.getTime() - c.arrivedAt.getTime()) / 1000} s`);
      // And every webhook the sandbox sent the app carried the parameters Twilio documents for it.
      const contract = sandbox
        .webhookDeliveries()
        .filter((d) => d.url.startsWith(`${baseUrl}/twilio/voice/`) && d.attempts.some((a) => a.status !== 404))
        .flatMap((d) => contractViolations(new URL(d.url).pathname.slice('/twilio/voice/'.length), d.params));
      for (const phone of phones) phone.close();
      for (const other of others) await other.close();
      await app.close();
      await standalone?.sandbox.close();
      await db.drop();
      if (late.length) throw new Error(`calls answered after three rings: ${late.join(', ')}`);
      if (contract.length) throw new Error(`webhooks unlike Twilio's documentation: ${[...new Set(contract)].join('; ')}`);
    },
  };
  return harness;
}

interface Incoming {
  callSid: string;
  parameters: Record<string, string>;
}

/** An agent's softphone speaking the sandbox Device protocol, as the browser's Device does. */
export class AgentPhone {
  readonly incoming: Incoming[] = [];
  readonly cancelled: string[] = [];
  /** The page's socket.io connection to /softphone (its presence); `dropSoftphone()` kills it. */
  softphone?: Socket;
  private constructor(
    private readonly socket: WebSocket,
    readonly jobNumber: string,
    readonly token: string,
  ) {
    socket.on('message', (data) => {
      const message = JSON.parse(messageText(data));
      if (message.type === 'incoming') this.incoming.push({ callSid: message.callSid, parameters: message.parameters });
      if (message.type === 'cancel') this.cancelled.push(message.callSid);
    });
  }

  static register(url: string, token: string, jobNumber: string, apiToken: string): Promise<AgentPhone> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'register', token })));
      socket.on('message', function first(data) {
        const message = JSON.parse(messageText(data));
        if (message.type === 'registered') {
          socket.off('message', first);
          resolve(new AgentPhone(socket, jobNumber, apiToken));
        }
        if (message.type === 'error') reject(new Error(message.message));
      });
      socket.on('error', reject);
    });
  }

  /** The call ringing this phone now (the latest not cancelled). */
  get ringing(): Incoming | undefined {
    return [...this.incoming].reverse().find((c) => !this.cancelled.includes(c.callSid));
  }

  accept(callSid = this.ringing?.callSid): void {
    if (!callSid) throw new Error(`agent ${this.jobNumber} has no ringing call`);
    this.socket.send(JSON.stringify({ type: 'accept', callSid }));
  }

  reject(callSid = this.ringing?.callSid): void {
    this.socket.send(JSON.stringify({ type: 'reject', callSid }));
  }

  hangUp(callSid: string): void {
    this.socket.send(JSON.stringify({ type: 'disconnect', callSid }));
  }

  /** Connects /softphone with the agent's token; resolves once the server has counted it (an agent's snapshot, anyone's connect). */
  openSoftphone(baseUrl: string): Promise<void> {
    const roles: string[] = JSON.parse(Buffer.from(this.token.split('.')[1], 'base64url').toString()).roles ?? [];
    const softphone = io(`${baseUrl}/softphone`, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.softphone = softphone;
    return new Promise((resolve, reject) => {
      softphone.once(roles.includes('agent') ? 'snapshot' : 'connect', () => resolve());
      softphone.once('connect_error', reject);
    });
  }

  /** The page's socket dies (tab closed, network lost); the Device stays registered. */
  dropSoftphone(): void {
    this.softphone?.close();
  }

  close(): void {
    this.softphone?.close();
    this.socket.close();
  }
}

/** A WebSocket message as text: a Buffer with ws's default binaryType, the other two shapes for completeness. */
function messageText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
