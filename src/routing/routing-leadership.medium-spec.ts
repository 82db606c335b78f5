import Redis from 'ioredis';
import { REDIS_URL, RoutingProcess as Process, RoutingProcesses, until } from '../../test/support/routing-process';

/** The routing lease and its fencing token, and the journal's order, on the real Redis (medium: no server). */
describe('routing leadership and journal (medium, real Redis)', () => {
  const processes = new RoutingProcesses('leadership');
  const start = () => processes.start();
  let prefix: string;

  beforeEach(() => {
    processes.next();
    prefix = processes.prefix;
  });
  afterEach(() => processes.clear());

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
