import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';
import { loadConfig } from '../../config/load-config';
import { wallClock } from '../clock/app-clock';
import { RedisConnection } from '../redis/redis-connection';
import { JournalEntry, RoutingJournal } from './routing-journal.service';
import { RoutingLeadership } from './routing-leadership.service';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Logs nowhere: these tests read behaviour, not log lines. */
const quietLogger = () =>
  ({ setContext: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }) as unknown as PinoLogger;

/** One server process's routing parts on the real Redis: its connection, its lease, its journal (applying to a list). */
class Process {
  readonly redis: RedisConnection;
  readonly leadership: RoutingLeadership;
  readonly journal: RoutingJournal;
  readonly applied: JournalEntry[] = [];

  constructor(config: ConfigVariables) {
    this.redis = new RedisConnection(config, quietLogger());
    this.leadership = new RoutingLeadership(this.redis, quietLogger());
    this.journal = new RoutingJournal(this.redis, this.leadership, wallClock(), quietLogger());
    this.journal.setApplier((entry) => {
      this.applied.push(entry);
      return entry.command.type;
    });
  }

  async stop(): Promise<void> {
    await this.leadership.onModuleDestroy();
    this.journal.onModuleDestroy();
    await this.redis.onApplicationShutdown();
  }
}

async function until(what: string, predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The routing lease and its fencing token, and the journal's order, on the real Redis (medium: no server). */
describe('routing leadership and journal (medium, real Redis)', () => {
  let prefix: string;
  let seq = 0;
  const processes: Process[] = [];
  const start = () => {
    const p = new Process(loadConfig({ NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: prefix }));
    processes.push(p);
    return p;
  };

  beforeEach(() => {
    prefix = `test-leadership-${process.pid}-${++seq}`;
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('elects one leader; a new election takes a higher token; the deposed leader is fenced out in Redis and in every replica', async () => {
    const a = start();
    const b = start();
    await a.leadership.round();
    await b.leadership.round();
    expect([a.leadership.role, b.leadership.role]).toEqual(['leader', 'follower']);
    const first = a.leadership.token;
    expect(first).toBeGreaterThan(0);
    await a.journal.start();
    await b.journal.start();
    expect(await a.journal.submitAsLeader({ type: 'tick' })).toBe('tick');
    await expect(b.journal.submitAsLeader({ type: 'tick' })).rejects.toThrow('not the routing leader');

    // A stalls (a long pause) past its lease: B is elected with a higher token while A still believes it leads.
    const raw = new Redis(REDIS_URL);
    await raw.del(`${prefix}:routing:leader`);
    await b.leadership.round();
    expect(b.leadership.role).toBe('leader');
    expect(b.leadership.token).toBeGreaterThan(first);
    expect(a.leadership.isLeader).toBe(true);
    // Its fenced append is refused by Redis …
    await expect(a.journal.submitAsLeader({ type: 'tick' })).rejects.toThrow('fenced out');
    // … and an entry of its term that reached the stream after the new term's (sent before the stall) is skipped by every replica.
    await b.journal.submitAsLeader({ type: 'tick' });
    await raw.xadd(`${prefix}:routing:journal`, '*', 'e', JSON.stringify({ command: { type: 'process-gone', process: 'x' }, at: Date.now(), fence: first }));
    await b.journal.submit({ type: 'wrap-up-done', agentId: '1001' });
    await raw.quit();
    for (const p of [a, b]) {
      await until('the last entry applied', () => p.applied.some((e) => e.command.type === 'wrap-up-done'));
      expect(p.applied.map((e) => e.command.type)).toEqual(['tick', 'tick', 'wrap-up-done']);
    }
    // A's next round finds the lease held by B: it steps down.
    await a.leadership.round();
    expect(a.leadership.role).toBe('follower');
  });

  it('every process applies every command in one order, with times that never go back, and each submitter gets its own result', async () => {
    const a = start();
    const b = start();
    await a.journal.start();
    await b.journal.start();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).journal.submit({ type: 'offer-timed-out', callId: `CA${i}` }).then(() => `CA${i}`)),
    );
    expect(results).toHaveLength(40);
    await until('both replicas caught up', () => a.applied.length === 40 && b.applied.length === 40);
    const order = (p: Process) => p.applied.map((e) => (e.command as { callId: string }).callId);
    expect(order(a)).toEqual(order(b));
    expect(new Set(order(a)).size).toBe(40);
    for (const p of [a, b]) for (let i = 1; i < p.applied.length; i++) expect(p.applied[i].at).toBeGreaterThanOrEqual(p.applied[i - 1].at);

    // A process started later replays the journal to the same state before it serves.
    const c = start();
    await c.journal.start();
    expect(order(c)).toEqual(order(a));
    expect(c.journal.startedEmpty).toBe(false);
  });

  it('a lease not renewed (the leader killed) passes to another process within the lease', async () => {
    const a = start();
    const b = start();
    await a.leadership.onApplicationBootstrap();
    await b.leadership.onApplicationBootstrap();
    expect(a.leadership.isLeader).toBe(true);
    const killedAt = Date.now();
    // As kill -9: its connection gone, no release, no more renewals.
    a.redis.client!.disconnect();
    await until('b leads', () => b.leadership.isLeader, 6000);
    expect(Date.now() - killedAt).toBeLessThan(5000);
  });
});
