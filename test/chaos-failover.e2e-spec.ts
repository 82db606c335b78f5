import { RealClock, TwilioSandbox, SANDBOX_DEFAULT_BYOC_TRUNK_SID } from '@hotline/twilio-sandbox';
import Redis from 'ioredis';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { PinoLogger } from 'nestjs-pino';
import { io, Socket } from 'socket.io-client';
import { loadConfig } from '../config/load-config';
import { freePort } from '../scripts/bench-server';
import { wallClock } from '../src/clock/app-clock';
import { RedisConnection } from '../src/redis/redis-connection';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { RoutingJournal } from '../src/routing/routing-journal.service';
import { RoutingLeadership } from '../src/routing/routing-leadership.service';
import { RoundRobinProxy } from './support/round-robin-proxy';
import { ServerProcess, startServerProcess } from './support/server-process-harness';
import { AgentPhone } from './support/telephony-harness';
import { DEMO_PASSWORD } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOTLINE = '4008001234';
/** Calls placed, one every PACE_MS: a few hundred at a steady rate. */
const CALLS = Number(process.env.CHAOS_CALLS ?? 150);
const PACE_MS = Number(process.env.CHAOS_PACE_MS ?? 300);
const AGENTS = ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010'];
/** An agent picks up this long after the phone rings, and talks this long. */
const PICK_UP_MS = 300;
const TALK_MS = 800;
/**
 * The menu key each caller presses, in turn: every queue of the demo site, so all ten agents take
 * calls. (With every caller on one key only its five agents answered: at a call each 300 ms they
 * could not keep up, the queue grew to 60 and the last callers were still waiting when the run
 * ended — under load, that was most red runs, and no caller had been lost.)
 */
const MENU_KEYS = ['0', '1', '2', '3', '4', '5'];
/** The leader is killed this long after a caller's menu choice reached it: while it handles it. */
const KILL_AFTER_MS = Number(process.env.CHAOS_KILL_AFTER_MS ?? 40);
/** Three rings of the Chinese cadence. */
const THREE_RINGS_MS = 15_000;

const quietLogger = () =>
  ({ setContext: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }) as unknown as PinoLogger;

async function until(what: string | (() => string), predicate: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The chaos run of issue #15: three server processes sharing one MariaDB and one Redis behind a
 * round-robin proxy, Twilio's stand-in (a standalone sandbox, real time) calling through the proxy,
 * ten agents answering from their Devices with their softphone sockets through the proxy. Calls
 * arrive at a steady rate; the routing leader is killed with SIGKILL twice and started again. Then
 * the books must balance: every call placed has its record, was answered within three rings (by an
 * agent or the IVR) and reached an agent; no agent was rung while on or rung for another call; no
 * answer was counted twice; the routing state rebuilt from the journal keeps the engine's invariants.
 *
 * Several processes need a server database: it runs whenever DATABASE_URL is one (MariaDB — `.ci/run`'s
 * second pass), skipped on the embedded SQLite; about 100 s on a quiet machine, 2–3 min at load 10–15.
 * `SERVER_LOG_DIR=/tmp/x` keeps each process's log (`TEST_LOG_LEVEL=debug`: every webhook's answer and
 * redirect) and the routing journal, to read a red run.
 */
const describeWithServerDatabase = process.env.DATABASE_URL ? describe : describe.skip;

describeWithServerDatabase('chaos: kill -9 the routing leader under load (three processes, a proxy, a standalone sandbox)', () => {
  jest.setTimeout(420_000);
  let db: TestDatabase;
  let sandbox: TwilioSandbox;
  let proxy: RoundRobinProxy;
  const prefix = `test-chaos-${process.pid}`;
  const processes = new Map<number, ServerProcess>();
  const phones: AgentPhone[] = [];
  const sockets: Socket[] = [];

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const p of phones) p.close();
    for (const p of processes.values()) await p.kill9();
    await proxy?.close();
    await sandbox?.close();
    await db?.drop();
    const redis = new Redis(REDIS_URL);
    // The routing journal beside the processes' logs, to replay a red run's routing state.
    if (process.env.SERVER_LOG_DIR) {
      const entries = await redis.xrange(`${prefix}:routing:journal`, '-', '+');
      writeFileSync(
        join(process.env.SERVER_LOG_DIR, 'routing-journal.jsonl'),
        entries.map(([id, fields]) => JSON.stringify({ id, ...JSON.parse(fields[1]) })).join('\n'),
      );
    }
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('loses no caller, offers no agent two calls, counts no answer twice; a follower takes over within seconds', async () => {
    db = await createTestDatabase();
    const ports = [await freePort(), await freePort(), await freePort()];
    proxy = await RoundRobinProxy.start(ports);
    sandbox = new TwilioSandbox({
      clock: new RealClock(),
      phoneNumbers: [],
      byocTrunks: [
        {
          sid: SANDBOX_DEFAULT_BYOC_TRUNK_SID,
          friendlyName: 'China carrier (chaos)',
          voiceUrl: `${proxy.url}/twilio/voice/incoming`,
          voiceFallbackUrl: `${proxy.url}/twilio/voice/fallback`,
          statusCallbackUrl: `${proxy.url}/twilio/voice/status`,
          numbers: [HOTLINE],
        },
      ],
    });
    const sandboxUrl = (await sandbox.listen(0)).url;
    const env = (port: number): Record<string, string> => ({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEMO_PASSWORD,
      SEED_DEMO: 'true',
      PORT: String(port),
      PUBLIC_BASE_URL: proxy.url,
      TELEPHONY: 'sandbox',
      TWILIO_SANDBOX_URL: sandboxUrl,
      BUSINESS_HOURS: '00:00-24:00',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      // Snapshots and trims during the run (a real site's every 10 000 entries or 5 min): the restarted processes
      // start from a snapshot and the stream's trimmed head, not the whole journal.
      ROUTING_SNAPSHOT_ENTRIES: process.env.CHAOS_SNAPSHOT_ENTRIES ?? '150',
      ROUTING_JOURNAL_KEEP_SECONDS: '2',
      ...db.env,
    });
    // The first one migrates and seeds; the others join it.
    processes.set(ports[0], await startServerProcess(env(ports[0])));
    await Promise.all(ports.slice(1).map(async (port) => processes.set(port, await startServerProcess(env(port)))));

    const http = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${proxy.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const tokenFor = async (jobNumber: string) => (await http('POST', '/auth/login', undefined, { jobNumber, password: DEMO_PASSWORD })).accessToken as string;
    const roleOf = async (port: number) => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        return ((await res.json()) as { routing?: string }).routing ?? 'down';
      } catch {
        return 'down';
      }
    };
    const leaderPort = async () => {
      for (const port of ports) if ((await roleOf(port)) === 'leader') return port;
      return undefined;
    };
    await until('a routing leader', async () => (await leaderPort()) !== undefined, 10_000);

    // Short wrap-ups, so ten agents keep up with the pace.
    const admin = await tokenFor('9001');
    const queues = (await (await fetch(`${proxy.url}/queues`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { code: string }[];
    for (const q of queues) await http('PATCH', `/queues/${q.code}`, admin, { wrapUpSeconds: 1 });

    // Agents: a Device on the sandbox, a softphone socket through the proxy (reconnecting, as the page does), ready.
    const doubleOffers: string[] = [];
    /** The calls (parent sids) involved in each double offer, for the report of a red run. */
    const doubleOfferCalls = new Set<string>();
    const handled = new Set<string>();
    const deviceUrl = `${sandboxUrl.replace('http', 'ws')}/sandbox/device`;
    for (const jobNumber of AGENTS) {
      const token = await tokenFor(jobNumber);
      const voice = (await http('GET', '/telephony/token', token)).token as string;
      const phone = await AgentPhone.register(deviceUrl, voice, jobNumber, token);
      phones.push(phone);
      const socket = io(`${proxy.url}/softphone`, { auth: { token }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => (socket.once('snapshot', () => resolve()), socket.once('connect_error', reject)));
      await http('PUT', `/agents/${jobNumber}/state`, token, { state: 'ready' });
    }
    // Each phone answers what rings it, talks, hangs up. Rung while already on or rung for another call: a double offer.
    const answering = setInterval(() => {
      for (const phone of phones) {
        for (const { callSid: leg } of phone.incoming) {
          if (handled.has(leg)) continue;
          handled.add(leg);
          const identity = `client:agent-${phone.jobNumber}`;
          // Another call's leg ringing or talking on this phone (the same call rung again is not a second call).
          const parent = sandbox.callRecord(leg)?.parentCallSid;
          const busy = sandbox
            .listCalls()
            .filter((c) => c.parentCallSid !== parent && c.to === identity && (c.status === 'ringing' || c.status === 'in-progress'));
          if (busy.length) {
            doubleOffers.push(
              `${phone.jobNumber}: ${leg} (call ${parent}) while ${busy.map((c) => `${c.sid} ${c.status} (call ${c.parentCallSid})`).join(', ')}`,
            );
            for (const sid of [parent, ...busy.map((c) => c.parentCallSid)]) if (sid) doubleOfferCalls.add(sid);
          }
          setTimeout(() => {
            if (sandbox.callRecord(leg)?.status !== 'ringing') return;
            phone.accept(leg);
            setTimeout(() => phone.hangUp(leg), TALK_MS);
          }, PICK_UP_MS);
        }
      }
    }, 20);

    // Calls at a steady pace; the leader killed at a third and at two thirds, each started again 5 s later.
    const placed: string[] = [];
    const failovers: number[] = [];
    const killed: string[] = [];
    // Killed while it handles a caller's menu choice (its answer, an offer, never reaches Twilio: the
    // proxy sends Twilio's request on to another process), not only between webhooks.
    const killLeader = async () => {
      const port = (await leaderPort())!;
      await new Promise<void>((resolve) => {
        proxy.onForward = (to, path) => {
          if (to !== port || !path.startsWith('/twilio/voice/menu')) return;
          proxy.onForward = undefined;
          setTimeout(resolve, KILL_AFTER_MS);
        };
      });
      const killedAt = Date.now();
      await processes.get(port)!.kill9();
      killed.push(`${port} at ${new Date(killedAt).toISOString().slice(11, 23)}`);
      await until(
        'a new leader',
        async () => {
          const now = await leaderPort();
          return now !== undefined && now !== port;
        },
        15_000,
        25,
      );
      failovers.push(Date.now() - killedAt);
      setTimeout(() => void startServerProcess(env(port)).then((p) => processes.set(port, p)), 5000);
    };
    const kills: Promise<void>[] = [];
    for (let i = 0; i < CALLS; i++) {
      if (i === Math.floor(CALLS / 3) || i === Math.floor((2 * CALLS) / 3)) kills.push(killLeader());
      placed.push(sandbox.placeCall({ from: `+86139${String(10_000_000 + i).slice(-8)}`, to: HOTLINE, digits: MENU_KEYS[i % MENU_KEYS.length] }));
      await new Promise((r) => setTimeout(r, PACE_MS));
    }
    await Promise.all(kills);
    // Every call over (each caller talks to an agent, who hangs up).
    const over = (sid: string) => ['completed', 'failed', 'busy', 'no-answer', 'canceled'].includes(sandbox.callRecord(sid)?.status ?? '');
    try {
      await until(
        () => `every call over (${placed.filter((sid) => !over(sid)).length} not)`,
        () => placed.every(over),
        // A bound, not a duration: on a quiet machine the last call is over ~10 s after it was placed;
        // with the two cores shared by a dozen builds (load average 25) the backlog took over a minute.
        150_000,
        200,
      );
    } catch (error) {
      // Who was answering when the run stalled, for whoever reads a red run.
      const supervisor = await tokenFor('2001');
      const agents = (await (await fetch(`${proxy.url}/agents`, { headers: { authorization: `Bearer ${supervisor}` } })).json()) as unknown[];
      process.stdout.write(`chaos: stalled; agents ${JSON.stringify(agents)}\n`);
      for (const sid of placed.filter((sid) => !over(sid)).slice(0, 4)) {
        const events = (sandbox.callRecord(sid)?.events ?? []).map((e) => JSON.stringify(e).slice(0, 200));
        process.stdout.write(`chaos: ${sid} still up\n  ${events.join('\n  ')}\n`);
      }
      throw error;
    }
    clearInterval(answering);
    await until('the restarted processes up', () => processes.size === 3 && [...processes.values()].every((p) => p.child.exitCode === null), 20_000);

    // The books, from the database.
    const url = new URL(db.env.DATABASE_URL);
    const sql = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      database: url.pathname.slice(1),
    });
    const [records] = await sql.query<import('mysql2').RowDataPacket[]>(
      `SELECT callSid, answeredAt, arrivedAt, connectedAt, endedAt FROM call_record WHERE direction = 'inbound'`,
    );
    const [twiceAnswered] = await sql.query<import('mysql2').RowDataPacket[]>(
      `SELECT callSid, COUNT(*) n FROM call_offer WHERE result = 'answered' GROUP BY callSid HAVING COUNT(*) > 1`,
    );
    // The offers of the calls that did not add up, as the records hold them (for whoever reads a red run).
    const suspects = [...new Set([...doubleOfferCalls, ...twiceAnswered.map((r) => r.callSid as string)])];
    const [suspectOffers] = suspects.length
      ? await sql.query<import('mysql2').RowDataPacket[]>(
          `SELECT callSid, agentJobNumber, offeredAt, result, resultAt FROM call_offer WHERE callSid IN (?) ORDER BY callSid, id`,
          [suspects],
        )
      : [[]];
    await sql.end();
    const bySid = new Map(records.map((r) => [r.callSid as string, r]));
    const withinThreeRings = placed.filter((sid) => {
      const r = bySid.get(sid);
      return r?.answeredAt && new Date(r.answeredAt as string).getTime() - new Date(r.arrivedAt as string).getTime() <= THREE_RINGS_MS;
    });
    const talked = placed.filter((sid) => bySid.get(sid)?.connectedAt);

    // The routing state rebuilt from the journal alone, as a new process would.
    const config = loadConfig({ NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const redis = new RedisConnection(config, quietLogger());
    const leadership = new RoutingLeadership(redis, quietLogger());
    const journal = new RoutingJournal(redis, leadership, wallClock(), quietLogger());
    const rebuilt = new RoutingEngineService(wallClock(), config, quietLogger(), journal, leadership);
    await journal.start();
    // What the stream still holds after the run's trims (the rest is in the snapshot the rebuild started from).
    const inspector = new Redis(REDIS_URL);
    const streamKept = await inspector.xlen(`${prefix}:routing:journal`);
    await inspector.quit();
    const violations = rebuilt.invariantViolations();
    const stuck = AGENTS.map((a) => rebuilt.agentState(a)).filter((a) => a.state === 'reserved' || a.state === 'on-call');
    await journal.onModuleDestroy();
    await redis.onApplicationShutdown();

    const report = {
      placed: placed.length,
      records: placed.filter((sid) => bySid.has(sid)).length,
      answeredWithinThreeRings: withinThreeRings.length,
      talkedToAnAgent: talked.length,
      doubleOffers: doubleOffers.length,
      answersCountedTwice: twiceAnswered.length,
      invariantViolations: violations.length,
      agentsStuck: stuck.length,
      failoverMs: failovers,
      killed,
      proxyRetries: proxy.retried,
      journalEntriesReplayed: journal.applied,
      journalEntriesKept: streamKept,
    };
    process.stdout.write(`chaos: ${JSON.stringify(report)}\n`);
    if (doubleOffers.length || twiceAnswered.length)
      process.stdout.write(`chaos: double offers ${JSON.stringify(doubleOffers)}; answered twice ${JSON.stringify(twiceAnswered)}\n`);
    // What became of the calls that did not balance, as the sandbox saw them (for whoever reads a red run).
    const unbalanced = [...placed.filter((sid) => !bySid.get(sid)?.connectedAt).slice(0, 4), ...suspects];
    for (const sid of unbalanced) {
      const offers = (suspectOffers as import('mysql2').RowDataPacket[]).filter((o) => o.callSid === sid);
      if (offers.length)
        process.stdout.write(
          `chaos: ${sid} offers ${offers.map((o) => `${o.agentJobNumber} ${new Date(o.offeredAt as string).toISOString().slice(17, 23)} ${o.result} ${o.resultAt ? new Date(o.resultAt as string).toISOString().slice(17, 23) : ''}`).join('; ')}\n`,
        );
      const events = (sandbox.callRecord(sid)?.events ?? []).map((e) => {
        const fields = e as unknown as Record<string, unknown>;
        const detail = Object.fromEntries(Object.entries(fields).filter(([key]) => !['seq', 'at', 'time', 'type'].includes(key)));
        return `${String(fields.time).slice(17, 23)} ${String(fields.type)} ${JSON.stringify(detail).slice(0, 160)}`;
      });
      process.stdout.write(`chaos: ${sid} ${JSON.stringify(bySid.get(sid) ?? null)}\n  ${events.join('\n  ')}\n`);
    }
    expect(failovers).toHaveLength(2);
    expect(report).toMatchObject({
      records: placed.length,
      answeredWithinThreeRings: placed.length,
      talkedToAnAgent: placed.length,
      doubleOffers: 0,
      answersCountedTwice: 0,
      invariantViolations: 0,
      agentsStuck: 0,
    });
    expect(doubleOffers).toEqual([]);
    expect(violations).toEqual([]);
    for (const ms of failovers) expect(ms).toBeLessThan(10_000);
  });
});
