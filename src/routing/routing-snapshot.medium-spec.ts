import Redis from 'ioredis';
import { FaultProxy } from '../../test/support/fault-proxy';
import { driveRoutingDay, REDIS_URL, RoutingProcesses, RoutingSite, until } from '../../test/support/routing-process';

/** What must be the same in every process after the same entry (the take-over decisions kept aside are each process's own). */
const state = (site: RoutingSite) => {
  const { recent: _recent, ...rest } = site.engine.snapshot();
  return rest;
};

async function untilAsync(what: string, predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The journal's snapshots and trimming on the real Redis (medium: no server, the routing engine itself). */
describe('routing journal snapshot and trim (medium, real Redis)', () => {
  const processes = new RoutingProcesses('snapshot');
  let raw: Redis;
  const env = { ROUTING_SNAPSHOT_ENTRIES: '100', ROUTING_JOURNAL_KEEP_SECONDS: '0' };
  const site = (url = REDIS_URL) => processes.track(new RoutingSite(processes.config({ ...env, REDIS_URL: url })));
  const keys = () => ({
    stream: `${processes.prefix}:routing:journal`,
    snapshot: `${processes.prefix}:routing:snapshot`,
    trimmed: `${processes.prefix}:routing:trimmed`,
  });

  beforeEach(() => {
    processes.next();
    raw = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await raw.quit();
    await processes.clear();
  });

  it('the leader snapshots and trims; a process started after a trim replays only what follows and holds the state of those that applied everything', async () => {
    const leader = await site().start();
    expect(leader.leadership.isLeader).toBe(true);
    const follower = await site().start();
    await driveRoutingDay(leader, 700, 7);
    const total = leader.journal.applied;
    // Written every 100 entries; each trims the journal up to the one before.
    await untilAsync('a snapshot and a trim', async () => (await raw.xlen(keys().stream)) < total / 2 && (await raw.hexists(keys().snapshot, 'id')) === 1);

    const late = await site().start();
    await until(
      'every process at the same entry',
      () => late.journal.position === leader.journal.position && follower.journal.position === leader.journal.position,
    );
    expect(state(late)).toEqual(state(leader));
    expect(state(follower)).toEqual(state(leader));
    expect(late.engine.invariantViolations()).toEqual([]);
    expect(late.journal.startedEmpty).toBe(false);
    // It applied only the entries after the snapshot it loaded.
    expect(late.journal.applied).toBeLessThan(total / 4);
    expect(follower.journal.applied).toBe(leader.journal.applied);

    // And it goes on alike: the same commands answered the same everywhere.
    await driveRoutingDay(late, 150, 8);
    await until(
      'every process at the same entry',
      () => late.journal.position === leader.journal.position && follower.journal.position === leader.journal.position,
    );
    expect(state(late)).toEqual(state(leader));
    expect(state(follower)).toEqual(state(leader));
  });

  it('a process started later that replays the whole journal (no snapshot yet) holds the state of those that applied it as it came', async () => {
    const leader = processes.track(new RoutingSite(processes.config())); // snapshots only every 10 000 entries
    await leader.start();
    await driveRoutingDay(leader, 300, 5);
    // Its start is later than every entry it replays: the engine's time must be theirs, not its start.
    await new Promise((r) => setTimeout(r, 1200));
    const late = await processes.track(new RoutingSite(processes.config())).start();
    expect(await raw.hexists(keys().snapshot, 'id')).toBe(0);
    await until('at the same entry', () => late.journal.position === leader.journal.position);
    expect(state(late)).toEqual(state(leader));
  });

  it('a follower cut off from Redis while the journal is trimmed past it loads the snapshot and goes on with the others', async () => {
    const proxy = await FaultProxy.start({ host: '127.0.0.1', port: 6379 });
    try {
      const leader = await site().start();
      const cut = await site(`redis://127.0.0.1:${proxy.port}`).start();
      await driveRoutingDay(leader, 50, 11);
      await until('the follower at the leader', () => cut.journal.position === leader.journal.position);
      const cutAt = cut.journal.position;
      await proxy.refuse();
      await driveRoutingDay(leader, 500, 12);
      const trimmedTo = await raw.get(keys().trimmed);
      // Entries it never read are gone.
      expect(trimmedTo! > cutAt).toBe(true);
      const [[firstId]] = await raw.xrange(keys().stream, '-', '+', 'COUNT', 1);
      expect(firstId > cutAt).toBe(true);
      await proxy.restore();
      await until('the follower back at the leader', () => cut.journal.position === leader.journal.position, 15_000);
      expect(state(cut)).toEqual(state(leader));
      expect(cut.engine.invariantViolations()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
