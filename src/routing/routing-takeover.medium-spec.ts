import { AcdCommand } from '@hotline/acd';
import Redis from 'ioredis';
import { ConfigVariables } from '../../config/config-variables';
import { loadConfig } from '../../config/load-config';
import { queueView, REDIS_URL, RoutingSite } from '../../test/support/routing-process';

/** A process's routing (lease, journal, its copy of the engine), and what it would have Twilio do. */
class Process extends RoutingSite {
  /** Its decisions while it carries them out, and those handed over at a take-over. */
  readonly carriedOut: AcdCommand[] = [];

  constructor(config: ConfigVariables) {
    super(config);
    // As telephony's executor does.
    this.engine.commands.subscribe((command) => this.engine.carriesOut && this.carriedOut.push(command));
    this.engine.unexecuted.subscribe(({ command }) => this.carriedOut.push(command));
  }
}

async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const QUEUE = { ...queueView('orders', 'orders', 1), name: 'Orders', menuKey: '1' };

/** Fail-over with a copy of the routing state running behind (medium: real Redis, no server). */
describe('routing take-over (medium, real Redis)', () => {
  const prefix = `test-takeover-${process.pid}`;
  const processes: Process[] = [];
  const start = () => {
    const p = new Process(loadConfig({ NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: prefix }));
    processes.push(p);
    return p;
  };

  afterAll(async () => {
    for (const p of processes.splice(0)) await p.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a process elected while its copy runs behind carries out only what is still due once it has caught up', async () => {
    const a = start();
    const b = start();
    const c = start();
    let aLeads = false;
    a.engine.takeovers.subscribe(() => (aLeads = true));
    await a.leadership.round();
    for (const p of [a, b, c]) await p.engine.onApplicationBootstrap();
    await until('a took over', () => aLeads);
    await a.engine.upsertQueue(QUEUE);
    await a.engine.signIn('1001', { orders: 1 }, true);
    // The leader goes; a call arrives meanwhile (any process journals it) and is offered to 1001 by every copy.
    await a.stop();
    const callId = 'CA00000000000000000000000000000001#0';
    const decided = await c.engine.callArrived({ callId, queueId: 'orders', priority: 0 });
    expect(decided).toContainEqual(expect.objectContaining({ type: 'offer', callId, agentId: '1001' }));
    await until('b holds the offer', () => b.engine.callStatus(callId) === 'offered');

    // B's reader falls behind (a process just restarted, a starved CPU): what follows reaches its copy late.
    // (The reader's every read is a pipeline — the entries, then the trim mark — whose answer is held here.)
    const reader = (b.journal as unknown as { reader: Redis }).reader;
    const pipeline = reader.pipeline.bind(reader);
    let release!: () => void;
    const behind = new Promise<void>((resolve) => (release = resolve));
    reader.pipeline = (...args: Parameters<typeof pipeline>) => {
      const batch = pipeline(...args);
      const exec = batch.exec.bind(batch);
      batch.exec = async () => {
        const read = await exec();
        await behind;
        return read;
      };
      return batch;
    };
    // The read already waiting in Redis gets the next entry at once: one entry that changes nothing.
    const applied = b.journal.applied;
    await c.journal.submit({ type: 'agent-skills', jobNumber: '9999', skills: {} });
    await until('b past the read already waiting', () => b.journal.applied > applied);
    // Meanwhile the agent answers, talks and hangs up (journalled by another process).
    await c.engine.offerAnswered(callId, '1001');
    await c.engine.callEnded(callId);

    // B is elected while behind: its copy still has 1001 rung for the call.
    let tookOver = false;
    b.engine.takeovers.subscribe(() => (tookOver = true));
    await b.leadership.round();
    expect(b.leadership.isLeader).toBe(true);
    expect(b.engine.callStatus(callId)).toBe('offered');
    await new Promise((r) => setTimeout(r, 300));
    release();
    await until('b took over', () => tookOver);

    // Ringing 1001 again for a call they answered and ended would ring them over their wrap-up or next call.
    expect(b.carriedOut.filter((command) => command.type === 'offer' || command.type === 'ring-all')).toEqual([]);
    expect(b.engine.holdsCall(callId)).toBe(false);
    expect(b.engine.agentState('1001').state).not.toBe('reserved');
  });

  it('a process joining later holds the same routing state as those that applied every entry as it came (times included)', async () => {
    const a = start();
    await a.engine.onApplicationBootstrap();
    await a.engine.upsertQueue({ ...QUEUE, wrapUpSeconds: 30 });
    await a.engine.signIn('1002', { orders: 1 }, true);
    const callId = 'CA00000000000000000000000000000002#0';
    await a.engine.callArrived({ callId, queueId: 'orders', priority: 0 });
    await a.engine.offerAnswered(callId, '1002');
    await a.engine.callEnded(callId);
    expect(a.engine.agentState('1002').state).toBe('wrap-up');
    // Started a while later (a restart): it replays the entries before it serves.
    await new Promise((r) => setTimeout(r, 1500));
    const late = start();
    await late.engine.onApplicationBootstrap();
    expect(late.engine.agentState('1002')).toEqual(a.engine.agentState('1002'));
    expect(late.engine.wrapUpUntil('1002')).toBe(a.engine.wrapUpUntil('1002'));
    expect(late.engine.agentToday('1002')).toEqual(a.engine.agentToday('1002'));
  });
});
