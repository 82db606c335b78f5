/**
 * `npm run bench:journal [-- --entries 100000 --tail 10000]`: how long a process joining a site
 * (several processes, Redis) takes to hold the routing state — replaying the whole journal, against
 * loading the leader's snapshot and replaying only what follows it (docs/scale-out.md).
 *
 * A day of routing commands (scripts/routing-day.ts) is recorded on one process without Redis and
 * written to a journal of its own prefix on REDIS_URL (default redis://127.0.0.1:6379): all but the
 * last `--tail` entries, which a leader replays and snapshots; then the tail. A fresh process then
 * starts with the snapshot, and another with the snapshot set aside (the whole journal); both must
 * end at the leader's state. Prints the times, the snapshot's size and the time to take it.
 */
import 'reflect-metadata';
import Redis from 'ioredis';
import { loadConfig } from '../config/load-config';
import { JournalEntry, RoutingCommand } from '../src/routing/routing-journal.service';
import { driveRoutingDay, RoutingSite } from './routing-day';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const entries = arg('entries', 100_000);
  const tail = arg('tail', 10_000);
  const prefix = `bench-journal-${process.pid}`;
  const env = { NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: prefix, ROUTING_SNAPSHOT_ENTRIES: '10000000', ROUTING_SNAPSHOT_SECONDS: '1' };
  const raw = new Redis(REDIS_URL);
  const stream = `${prefix}:routing:journal`;
  const snapshotKey = `${prefix}:routing:snapshot`;
  try {
    // 1. A day of commands, recorded as the journal would carry them.
    const recorder = new RoutingSite(loadConfig({ NODE_ENV: 'test' }));
    const recorded: JournalEntry[] = [];
    const record =
      (submit: (command: RoutingCommand, options?: { inline?: string }) => Promise<unknown>) => (command: RoutingCommand, options?: { inline?: string }) => {
        recorded.push({ command, at: Date.now() });
        return submit(command, options);
      };
    recorder.journal.submit = record(recorder.journal.submit.bind(recorder.journal));
    recorder.journal.submitAsLeader = record(recorder.journal.submitAsLeader.bind(recorder.journal));
    let started = Date.now();
    // Some of the day's draws find nothing to do (nobody rung, nobody talking): a quarter more of them.
    await driveRoutingDay(recorder, Math.ceil(entries * 1.25), 1);
    recorder.engine.onModuleDestroy(); // no more ticks recorded
    if (recorded.length < entries) throw new Error(`only ${recorded.length} commands recorded`);
    recorded.splice(entries);
    process.stdout.write(`recorded ${recorded.length} routing commands in ${Date.now() - started} ms\n`);

    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i += 2000) {
        const pipeline = raw.pipeline();
        for (const entry of recorded.slice(i, Math.min(to, i + 2000))) pipeline.xadd(stream, '*', 'e', JSON.stringify(entry));
        await pipeline.exec();
      }
    };
    // 2. All but the tail; a leader replays them and writes its snapshot.
    await write(0, recorded.length - tail);
    const leader = new RoutingSite(loadConfig(env));
    await leader.leadership.onApplicationBootstrap(); // elected, and renewing its lease while it replays
    started = Date.now();
    await leader.engine.onApplicationBootstrap();
    const leaderReplayMs = Date.now() - started;
    const takeStarted = Date.now();
    const taken = leader.engine.snapshot();
    const snapshotBytes = JSON.stringify(taken).length;
    const takeMs = Date.now() - takeStarted;
    const parts = Object.fromEntries(
      [...Object.entries(taken), ...Object.entries(taken.engine).map(([k, v]) => [`engine.${k}`, v] as const)].map(([k, v]) => [k, JSON.stringify(v).length]),
    );
    for (let wait = 0; !(await raw.hexists(snapshotKey, 'id')); wait++) {
      if (wait > 300) throw new Error('the leader wrote no snapshot');
      await new Promise((r) => setTimeout(r, 100));
    }
    await leader.stop();
    // 3. The tail, then processes joining.
    await write(recorded.length - tail, recorded.length);
    const join = async (label: string) => {
      const site = new RoutingSite(loadConfig(env));
      const at = Date.now();
      await site.journal.start();
      const ms = Date.now() - at;
      process.stdout.write(`${label}: ${ms} ms, ${site.journal.applied} entries applied\n`);
      return { site, ms };
    };
    const withSnapshot = await join(`join with the snapshot (${recorded.length - tail} entries) + ${tail} entries`);
    await raw.rename(snapshotKey, `${snapshotKey}-aside`);
    const whole = await join(`join replaying all ${recorded.length} entries`);
    await raw.rename(`${snapshotKey}-aside`, snapshotKey);
    const same = JSON.stringify(withSnapshot.site.engine.snapshot().engine) === JSON.stringify(whole.site.engine.snapshot().engine);
    await withSnapshot.site.stop();
    await whole.site.stop();
    process.stdout.write(
      `${JSON.stringify({ entries: recorded.length, tail, leaderReplayMs, snapshotBytes, snapshotTakeMs: takeMs, parts, joinWithSnapshotMs: withSnapshot.ms, joinWholeJournalMs: whole.ms, sameState: same })}\n`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    const keys = await raw.keys(`${prefix}:*`);
    if (keys.length) await raw.del(...keys);
    await raw.quit();
  }
}

void main();
