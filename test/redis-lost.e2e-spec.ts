import { createServer, Server, Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { RoutingLeadership } from '../src/routing/routing-leadership.service';
import { AgentPhone, startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOTLINE = '4008001234';

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The network between the server and Redis, which the test cuts and mends (Redis itself keeps its data). */
class RedisLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly port: number,
    private readonly target: URL,
  ) {}

  static async open(target: string): Promise<RedisLink> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const link = new RedisLink(port, new URL(target));
    await link.mend();
    return link;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async mend(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined).on('close', () => (this.sockets.delete(s), client.destroy(), upstream.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

/**
 * Redis lost while the site runs (issue #15's fourth point): `/health` says so, a caller is still
 * answered by the IVR within three rings and waits in the queue they chose — not Twilio's fallback
 * apology — and when Redis returns the leader elected takes that caller in and an agent is rung.
 */
describe('Redis lost and back (REDIS_URL, one process)', () => {
  let h: TelephonyHarness;
  let link: RedisLink;
  let phone: AgentPhone | undefined;
  const prefix = `test-redis-lost-${process.pid}`;

  afterEach(async () => {
    phone?.close();
    await h?.close();
    await link?.cut();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('answers with the IVR and queues the caller while Redis is away; rings an agent for them once it is back', async () => {
    link = await RedisLink.open(REDIS_URL);
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00', REDIS_URL: link.url, REDIS_KEY_PREFIX: prefix }, undefined, { standaloneSandbox: true });
    const leadership = h.app.get(RoutingLeadership);
    await until('the routing leader', () => leadership.isLeader);
    phone = await h.agent('1003');
    const health = async () => (await h.http.get('/health').expect(200)).body as { redis: string; routing: string };

    await link.cut();
    await until('redis down on /health', async () => (await health()).redis === 'down');
    const call = h.sandbox.placeCall({ from: '+8613800000009', to: HOTLINE, digits: '1' });
    await h.advanceUntil(() => h.sandbox.callRecord(call)?.events.some((e) => e.type === 'enqueue') ?? false, 30);
    const urls = (h.sandbox.callRecord(call)?.events ?? []).flatMap((e) => ('url' in e ? [String(e.url)] : []));
    expect(urls.some((url) => url.includes('/fallback'))).toBe(false);
    expect(await supervisorGet(h, `/calls/${call}`)).toMatchObject({ status: 'queued', queue: 'orders', answeredBy: 'ivr' });
    expect(phone.ringing).toBeUndefined();

    await link.mend();
    // The lease lapsed meanwhile: the leader elected again takes the queued caller into routing.
    const engine = h.app.get(RoutingEngineService);
    await until('the caller taken into routing', () => engine.holdsCall(call), 15_000);
    expect(await health()).toMatchObject({ redis: 'up', routing: 'leader' });
    await h.advanceUntil(() => phone!.ringing !== undefined, 30);
    phone.accept();
    await h.advance(2);
    expect(engine.agentState('1003')).toMatchObject({ state: 'on-call', callId: call });
    expect(engine.invariantViolations()).toEqual([]);
    h.sandbox.hangup(call);
    await h.advance(2);
  });
});

async function supervisorGet(h: TelephonyHarness, path: string): Promise<Record<string, unknown>> {
  const token = await h.tokenFor('2001');
  return (await h.http.get(path).set('Authorization', `Bearer ${token}`).expect(200)).body as Record<string, unknown>;
}
