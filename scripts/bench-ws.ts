/**
 * npm run bench:ws — the softphone (socket.io namespace /softphone) with 2 000 agents connected to
 * one server (or two processes sharing the routing state: --processes 2, below). Starts the whole application in this process (as main.ts does) on loopback, and runs
 * the 2 000 socket.io clients in a child process (so the client load does not share the server's
 * event loop) together with the Twilio sandbox on the wall clock (TWILIO_SANDBOX_URL; `--sandbox
 * embedded` keeps it inside the server instead):
 *   1. inserts 2 000 agents straight into the database (one password hash, reused; skill `orders`
 *      level 1, so they serve the entry queue) and signs their access tokens with AccessTokenService
 *      (no HTTP sign-ins);
 *   2. the child connects every agent (websocket transport, JWT in `auth.token`), waits for each
 *      one's `snapshot`, and sets it ready with the gateway's `set-state` command;
 *   3. this process has N sandbox calls (default 500) placed at a fixed pace (default 20/s) with
 *      `sandbox.placeCall`; the child timestamps each `offer` event as it arrives at the chosen agent.
 *      Latency = offer received (child) − placeCall (server), both on the wall clock
 *      (performance.timeOrigin + performance.now()), corrected by the clock offset between the two
 *      processes measured over IPC before the run (NTP-style, at the least round trip).
 *      After each offer this process hangs the call up in the sandbox (the caller leaves while the
 *      agent is rung), which frees the agent — ready again — so agents never run out.
 *   4. presence: the agents' process closes the sockets of 100 ready agents at once (their tabs are
 *      closed) and this process places calls for two reconnect graces. It reports how long each such
 *      agent stayed offerable after its socket closed (until the engine took it off), and the offers
 *      made to them during and after the grace (target: none after it; none at all is expected).
 * Reports p50/p90/p99/max of call placed → offer at the agent, and the server's RSS after connecting
 * and at the end. Targets: p99 < 50 ms, RSS < 400 MB, 0 offers to a dead agent after the grace.
 *   --processes 2 two server processes (docs/scale-out.md) instead of one: this one (A) and
 *                 `node dist/src/main.js` (B), on a fresh MariaDB database (created on DATABASE_URL's
 *                 server, else root@127.0.0.1:3306, and dropped) and Redis (REDIS_URL, else
 *                 127.0.0.1:6379) under a key prefix of the run's own; every other agent's socket on B;
 *                 the sandbox's webhooks through a round-robin over both (as nginx). Reports the offers
 *                 to agents on the routing leader and on the follower apart, and each process's RSS.
 *   --hold-ms N   how long each offer rings before its caller hangs up (default 0; 2000 with
 *                 --processes 2, so that the offers reach agents on both processes)
 *   --agents N    agents connected (default 2000)
 *   --calls N     calls placed (default 500)
 *   --rate N      calls per second (default 20)
 *   --json        one JSON object instead of the report
 *   --sandbox standalone|embedded   where the Twilio sandbox runs (default standalone: in the
 *                 agents' process, outside the server as Twilio is; embedded: inside the server)
 *   --heap-sample FILE   sample every allocation of the call phase, collected or not (V8's sampling
 *                 heap profiler), into FILE (.heapprofile) — to see what each call allocates
 * Embedded SQLite in a temporary directory (or DATABASE_URL when set: an empty database). Bounded:
 * the bench ends by itself within about two minutes. Exit status: 0 targets met, 1 targets missed,
 * 2 the bench is wrong (agents not connected or ready, offers missing or for the wrong caller).
 */
import { SANDBOX_DEFAULT_BYOC_TRUNK_SID, TwilioSandbox } from '@hotline/twilio-sandbox';
import { clearRedisPrefix, createBenchDatabase, rssOf, ServerChild, startRoundRobin, startServerChild } from './bench-cluster';
import { BenchServer, freePort, startBenchServer } from './bench-server';
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ChildProcess, fork } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DataSource } from 'typeorm';
import { arg, stringArg } from './bench-args';

const STANDALONE_SANDBOX = stringArg('sandbox') !== 'embedded';
const HEAP_SAMPLE_FILE = stringArg('heap-sample');

/** V8's sampling heap profiler over this process, keeping samples of objects the GC has since collected too. */
async function startAllocationSampling(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop() {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      return profile;
    },
  };
}

const CLIENT_FLAG = '--bench-ws-client';
const TARGET_P99_MS = 50;
const TARGET_RSS_MB = 400;
const LIMIT_SECONDS = 140;
/** Job numbers of the bench's agents: 80000, 80001, … (the demo site uses four digits). */
const jobNumberOf = (i: number) => String(80000 + i);
/** A distinct +86 mobile per call (no repeat caller, so no green-channel priority). */
const callerOf = (i: number) => `+86139${String(i).padStart(8, '0')}`;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const wallNow = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// Messages between the two processes.
// ---------------------------------------------------------------------------------------------

type ToClient =
  | { type: 'ping'; id: number }
  | { type: 'connect'; agents: { jobNumber: string; token: string; url: string }[]; concurrency: number; readyInOrder?: boolean }
  | { type: 'stats' }
  | { type: 'sandbox'; port: number; appUrl: string; hotline: string; ringCycleMs: number; roundRobin?: { port: number; upstreams: string[] } }
  | { type: 'place'; id: number; from: string; to: string }
  | { type: 'hangup'; callSid: string }
  | { type: 'kill'; jobNumbers: string[] }
  | { type: 'close' };

interface ClientStats {
  connected: number;
  ready: number;
  connectErrors: number;
  setStateErrors: number;
  disconnects: number;
  offers: number;
  cancelled: number;
  errorEvents: number;
}

type FromClient =
  | { type: 'pong'; id: number; at: number }
  | { type: 'connected'; stats: ClientStats; connectMs: number; readyMs: number; firstError?: string }
  | { type: 'offer'; jobNumber: string; callSid: string; from: string; at: number }
  | { type: 'stats'; stats: ClientStats }
  | { type: 'sandbox-ready'; url: string }
  | { type: 'placed'; id: number; callSid?: string; error?: string; at: number }
  | { type: 'killed'; at: number };

// ---------------------------------------------------------------------------------------------
// The agents (child process): 2 000 socket.io clients.
// ---------------------------------------------------------------------------------------------

function clientMain(): void {
  // socket.io-client is loaded in the client only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { io } = require('socket.io-client') as typeof import('socket.io-client');
  const send = (message: FromClient) => process.send!(message);
  const sockets: import('socket.io-client').Socket[] = [];
  const byJob = new Map<string, import('socket.io-client').Socket>();
  const stats: ClientStats = { connected: 0, ready: 0, connectErrors: 0, setStateErrors: 0, disconnects: 0, offers: 0, cancelled: 0, errorEvents: 0 };
  let firstError: string | undefined;
  let sandbox: TwilioSandbox | undefined;

  const setReady = (socket: import('socket.io-client').Socket, jobNumber: string) =>
    new Promise<void>((resolve) =>
      socket.emit('set-state', { state: 'ready' }, (ack: { ok: boolean; error?: unknown }) => {
        if (ack.ok) stats.ready++;
        else {
          stats.setStateErrors++;
          firstError ??= `set-state for ${jobNumber}: ${JSON.stringify(ack.error)}`;
        }
        resolve();
      }),
    );

  /** Connects one agent and resolves once it is ready (or failed); `goReady` false: once it is connected. */
  const start = (url: string, jobNumber: string, token: string, goReady: boolean) =>
    new Promise<void>((resolve) => {
      const socket = io(`${url}/softphone`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
      sockets.push(socket);
      byJob.set(jobNumber, socket);
      socket.on('offer', (offer: { callSid: string; from: string }) => {
        const at = wallNow();
        stats.offers++;
        send({ type: 'offer', jobNumber, callSid: offer.callSid, from: offer.from, at });
      });
      socket.on('offer-cancelled', () => stats.cancelled++);
      socket.on('error', (e: { message?: string }) => {
        stats.errorEvents++;
        firstError ??= `error event for ${jobNumber}: ${JSON.stringify(e)}`;
      });
      socket.on('disconnect', () => stats.disconnects++);
      socket.on('connect_error', (e: Error) => {
        stats.connectErrors++;
        firstError ??= `connect_error for ${jobNumber}: ${e.message}`;
        resolve();
      });
      socket.once('snapshot', () => {
        stats.connected++;
        if (goReady) void setReady(socket, jobNumber).then(resolve);
        else resolve();
      });
    });

  const onMessage = async (message: ToClient) => {
    switch (message.type) {
      case 'ping':
        send({ type: 'pong', id: message.id, at: wallNow() });
        return;
      case 'connect': {
        const t0 = performance.now();
        let next = 0;
        const worker = async () => {
          while (next < message.agents.length) {
            const a = message.agents[next++];
            await start(a.url, a.jobNumber, a.token, !message.readyInOrder);
          }
        };
        await Promise.all(Array.from({ length: message.concurrency }, worker));
        const connectMs = performance.now() - t0;
        // In order, one at a time: each is idle longer than the next, so longest-idle routing offers in this order.
        if (message.readyInOrder) for (const a of message.agents) if (byJob.get(a.jobNumber)?.connected) await setReady(byJob.get(a.jobNumber)!, a.jobNumber);
        send({ type: 'connected', stats, connectMs, readyMs: performance.now() - t0, firstError });
        return;
      }
      case 'stats':
        send({ type: 'stats', stats });
        return;
      case 'sandbox': {
        // Several processes: the webhooks through a round-robin in front of them, as nginx is.
        if (message.roundRobin) await startRoundRobin(message.roundRobin.port, message.roundRobin.upstreams);
        // Twilio's stand-in outside the server, as Twilio is: the server's memory is the server's own.
        sandbox = new TwilioSandbox({
          phoneNumbers: [
            { number: message.hotline, voiceUrl: `${message.appUrl}/twilio/voice/incoming`, statusCallback: `${message.appUrl}/twilio/voice/status` },
          ],
          timings: { ringCycleMs: message.ringCycleMs },
          byocTrunks: [{ sid: SANDBOX_DEFAULT_BYOC_TRUNK_SID }], // the server's sandbox-mode trunk: callbacks to +86 leave by it
        });
        const { url } = await sandbox.listen(message.port);
        send({ type: 'sandbox-ready', url });
        return;
      }
      case 'place': {
        const at = wallNow();
        try {
          send({ type: 'placed', id: message.id, callSid: sandbox!.placeCall({ from: message.from, to: message.to }), at });
        } catch (error) {
          send({ type: 'placed', id: message.id, error: error instanceof Error ? error.message : String(error), at });
        }
        return;
      }
      case 'hangup':
        try {
          sandbox?.hangup(message.callSid);
        } catch {
          /* ended already */
        }
        return;
      case 'kill': {
        // Tabs closed: each socket ends at once (a close frame), nothing else is said.
        const at = wallNow();
        for (const jobNumber of message.jobNumbers) byJob.get(jobNumber)?.disconnect();
        send({ type: 'killed', at });
        return;
      }
      case 'close':
        void sandbox?.close();
        for (const s of sockets) s.disconnect();
        setTimeout(() => process.exit(0), 200);
        return;
    }
  };
  process.on('message', (message: ToClient) => void onMessage(message));
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The server side (this process): the whole application, the calls, the report.
// ---------------------------------------------------------------------------------------------

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function fmt(x: number | undefined, digits = 2): string {
  return x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the client's next message of a type (failing if the client exits first). */
function nextMessage<T extends FromClient['type']>(client: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromClient, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => finish(new Error(`the agents' process exited (${code}) while waiting for ${type}`));
    const onMessage = (m: FromClient) => {
      if (m.type === type) finish(undefined, m as Extract<FromClient, { type: T }>);
    };
    const timer = setTimeout(() => finish(new Error(`no ${type} from the agents' process within ${timeoutMs} ms`)), timeoutMs);
    function finish(error?: Error, m?: Extract<FromClient, { type: T }>) {
      clearTimeout(timer);
      client.off('exit', onExit);
      client.off('message', onMessage);
      if (error) reject(error);
      else resolve(m!);
    }
    client.on('exit', onExit);
    client.on('message', onMessage);
  });
}

/** Clock offset (client − server, ms) at the least IPC round trip, NTP-style. */
async function clockOffset(client: ChildProcess): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let id = 0; id < 50; id++) {
    const pong = nextMessage(client, 'pong', 5_000);
    const t0 = wallNow();
    client.send({ type: 'ping', id } satisfies ToClient);
    const { at } = await pong;
    const t1 = wallNow();
    if (t1 - t0 < best.rtt) best = { offset: at - (t0 + t1) / 2, rtt: t1 - t0 };
    await sleep(5);
  }
  return best;
}

/** Where the bench's calls come from. `at`: when the call was placed, on this process's wall clock. */
interface Callers {
  place(from: string, to: string): Promise<{ callSid: string; at: number }>;
  hangup(callSid: string): void;
}

function embeddedCallers(sandbox: TwilioSandbox): Callers {
  return {
    place(from, to) {
      const at = wallNow();
      // A refused call rejects, as with the remote callers (the executor turns a throw into a rejection).
      return new Promise((resolve) => resolve({ callSid: sandbox.placeCall({ from, to }), at }));
    },
    hangup(callSid) {
      try {
        sandbox.hangup(callSid);
      } catch {
        /* ended already */
      }
    },
  };
}

/** The sandbox in the agents' process, over IPC; its clock is read there and brought onto ours. */
function standaloneCallers(client: ChildProcess, offset: number): Callers {
  let nextId = 0;
  const waiting = new Map<number, { resolve(v: { callSid: string; at: number }): void; reject(e: Error): void }>();
  client.on('message', (m: FromClient) => {
    if (m.type !== 'placed') return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.callSid) w?.resolve({ callSid: m.callSid, at: m.at - offset });
    else w?.reject(new Error(m.error));
  });
  return {
    place(from, to) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        client.send({ type: 'place', id, from, to } satisfies ToClient);
      });
    },
    hangup(callSid) {
      if (client.connected) client.send({ type: 'hangup', callSid } satisfies ToClient); // a held offer may outlive the run
    },
  };
}

async function serverMain(): Promise<number> {
  const PROCESSES = arg('processes', 1);
  if (PROCESSES !== 1 && PROCESSES !== 2) throw new Error(`--processes is 1 or 2, got ${PROCESSES}`);
  if (PROCESSES === 2 && !STANDALONE_SANDBOX) throw new Error('--processes 2 needs the standalone sandbox (one Twilio for both processes)');
  const AGENTS = arg('agents', 2000);
  // Two processes: each offer rings 2 s before its caller hangs up, so the calls go round some 40 agents
  // (longest idle first) on both processes rather than to the one agent an immediate hang-up frees at once.
  const HOLD_MS = arg('hold-ms', PROCESSES === 2 ? 2000 : 0);
  const CALLS = arg('calls', 500);
  const RATE = arg('rate', 20);
  const JSON_OUT = process.argv.includes('--json');
  const log = (line: string) => {
    if (!JSON_OUT) process.stdout.write(`${line}\n`);
  };

  let app: INestApplication | undefined;
  let server: BenchServer | undefined;
  let client: ChildProcess | undefined;
  // --processes 2: a fresh MariaDB database, a Redis key prefix of the run's own, a second process.
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redisPrefix = `bench-ws-${process.pid}`;
  let benchDb: { url: string; drop(): Promise<void> } | undefined;
  let second: ServerChild | undefined;
  const holds = new Set<NodeJS.Timeout>(); // offers left ringing (--hold-ms), each hung up by its timer
  try {
    // Standalone (the default): the sandbox runs in the agents' process, as Twilio is outside ours.
    const sandboxPort = STANDALONE_SANDBOX ? await freePort() : undefined;
    const sandboxEnv: Record<string, string> = sandboxPort ? { TWILIO_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}` } : {};
    let clusterEnv: Record<string, string> = {};
    let roundRobinPort: number | undefined;
    if (PROCESSES === 2) {
      // Two processes on one SQLite file is not a supported set-up: MariaDB (DATABASE_URL's server, else the local one).
      benchDb = await createBenchDatabase(process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306', `hotline_bench_ws_${process.pid}`);
      process.env.DATABASE_URL = benchDb.url;
      roundRobinPort = await freePort();
      // Twilio knows one address: the round-robin in front of both processes.
      clusterEnv = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisPrefix, PUBLIC_BASE_URL: `http://127.0.0.1:${roundRobinPort}` };
    }
    server = await startBenchServer('ws', log, { ...sandboxEnv, ...clusterEnv });
    app = server.app;
    const { baseUrl, databaseUrl } = server;
    if (PROCESSES === 2) {
      // The second process after the first has migrated the database, as scripts/start-site.sh starts them.
      second = await startServerChild(await freePort(), {
        ...sandboxEnv,
        ...clusterEnv,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        TELEPHONY: 'sandbox',
        BUSINESS_HOURS: '00:00-24:00',
        BUSINESS_DAYS: '1-7',
        HOLIDAYS: '',
        TWILIO_ACCOUNT_SID: undefined,
        TWILIO_AUTH_TOKEN: undefined,
        SQLITE_PATH: undefined,
      });
      log(`Started the second server process (node dist/src/main.js, pid ${second.child.pid}) on ${second.baseUrl}; Redis prefix ${redisPrefix}`);
    }
    const { DataSource: DataSourceClass, In } = await import('typeorm');
    const { Staff } = await import('../src/auth/staff.entity');
    const { AgentSkill } = await import('../src/routing/agent-skill.entity');
    const { Skill } = await import('../src/routing/skill.entity');
    const { PasswordHasher } = await import('../src/auth/password-hasher');
    const { AccessTokenService } = await import('../src/auth/access-token.service');
    const { SandboxHost } = await import('../src/telephony/sandbox-host');
    const { TelephonySettings } = await import('../src/telephony/telephony-settings');
    const { RoutingEngineService } = await import('../src/routing/routing-engine.service');
    const { ConfigVariables } = await import('../config/config-variables');
    const db = app.get<DataSource>(DataSourceClass);
    const sandbox = app.get(SandboxHost).sandbox;
    if (!sandbox && !sandboxPort) throw new Error('the sandbox is not running (TELEPHONY=sandbox)');
    const hotline = app.get(TelephonySettings).hotlineNumber;
    const entryQueue = app.get(TelephonySettings).entryQueue;
    const engine = app.get(RoutingEngineService);
    const { RoutingLeadership } = await import('../src/routing/routing-leadership.service');
    const leadership = app.get(RoutingLeadership);
    /** Which of the two processes leads routing now: A (this one) or B (the child). */
    const leaderNow = async (): Promise<'A' | 'B' | undefined> => {
      if (leadership.isLeader) return 'A';
      return (await second?.health())?.routing === 'leader' ? 'B' : undefined;
    };
    let leaderAtStart: 'A' | 'B' | undefined;
    if (second) {
      const until = performance.now() + 15_000;
      while (!(leaderAtStart = await leaderNow()) && performance.now() < until) await sleep(100);
      if (!leaderAtStart) throw new Error('no routing leader among the two processes within 15 s');
      log(`Routing leader: ${leaderAtStart === 'A' ? 'A (this process)' : 'B (the child process)'}`);
    }

    // 1. The agents, straight into the database; one password hash for all.
    log(`Inserting ${AGENTS} agents (skill ${entryQueue}, level 1) …`);
    const skill = await db.getRepository(Skill).findOneBy({ code: entryQueue });
    if (!skill) throw new Error(`no skill ${entryQueue} in the database (is the demo site seeded?)`);
    const passwordHash = await new PasswordHasher().hash('bench-ws-agent');
    const jobNumbers = Array.from({ length: AGENTS }, (_, i) => jobNumberOf(i));
    const CHUNK = 100;
    for (let i = 0; i < AGENTS; i += CHUNK) {
      const chunk = jobNumbers.slice(i, i + CHUNK);
      await db
        .getRepository(Staff)
        .insert(chunk.map((jobNumber) => ({ jobNumber, name: `Bench ${jobNumber}`, roles: ['agent' as const], passwordHash, unitId: null, active: true })));
      const rows = await db.getRepository(Staff).find({ where: { jobNumber: In(chunk) }, select: { id: true, jobNumber: true } });
      await db.getRepository(AgentSkill).insert(rows.map((r) => ({ staffId: r.id, skillId: skill.id, level: 1 })));
    }
    const staff = await db.getRepository(Staff).find({ where: { jobNumber: In(jobNumbers) }, select: { id: true, jobNumber: true } });
    if (staff.length !== AGENTS) throw new Error(`inserted ${staff.length} agents, not ${AGENTS}`);
    const tokens = app.get(AccessTokenService);
    // Two processes: every other agent's softphone on B, as a load balancer would spread them.
    const processOf = new Map(jobNumbers.map((j, i) => [j, second && i % 2 === 1 ? ('B' as const) : ('A' as const)]));
    const agents = await Promise.all(
      staff.map(async (s) => ({
        jobNumber: s.jobNumber,
        url: processOf.get(s.jobNumber) === 'B' ? second!.baseUrl : baseUrl,
        token: await tokens.issue({ staffId: s.id, jobNumber: s.jobNumber, roles: ['agent'], unitId: null }, 0),
      })),
    );
    agents.sort((x, y) => x.jobNumber.localeCompare(y.jobNumber)); // 80000 (A), 80001 (B), …

    // 2. The agents' process: clock offset, then connect and go ready.
    client = fork(__filename, [CLIENT_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const clock = await clockOffset(client);
    log(`Clock offset agents − server: ${fmt(clock.offset, 3)} ms (IPC round trip ${fmt(clock.rtt, 3)} ms)`);
    let callers: Callers;
    if (sandboxPort) {
      const readyP = nextMessage(client, 'sandbox-ready', 10_000);
      client.send({
        type: 'sandbox',
        port: sandboxPort,
        appUrl: roundRobinPort ? `http://127.0.0.1:${roundRobinPort}` : baseUrl,
        hotline,
        ringCycleMs: app.get(ConfigVariables).RING_CADENCE_SECONDS * 1000,
        roundRobin: roundRobinPort ? { port: roundRobinPort, upstreams: [baseUrl, second!.baseUrl] } : undefined,
      } satisfies ToClient);
      log(`Standalone sandbox in the agents' process at ${(await readyP).url}${roundRobinPort ? `, webhooks round-robin over both processes` : ''}`);
      callers = standaloneCallers(client, clock.offset);
    } else {
      log('Sandbox embedded in the server (--sandbox embedded)');
      callers = embeddedCallers(sandbox!);
    }
    const memIdle = process.memoryUsage();
    log(
      `server before any agent: RSS ${fmt(mb(memIdle.rss), 1)} MB, heap ${fmt(mb(memIdle.heapUsed), 1)} of ${fmt(mb(memIdle.heapTotal), 1)} MB, external ${fmt(mb(memIdle.external), 1)} MB`,
    );
    log(`Connecting ${AGENTS} socket.io agents to ${second ? `${baseUrl} and ${second.baseUrl}` : baseUrl}/softphone and setting them ready …`);
    const connectedP = nextMessage(client, 'connected', 90_000);
    // Two processes: ready A, B, A, B … so that the longest idle — offered first — alternate between the processes.
    client.send({ type: 'connect', agents, concurrency: 50, readyInOrder: !!second } satisfies ToClient);
    const connected = await connectedP;
    const readyInEngine = () => jobNumbers.filter((j) => engine.agentState(j).state === 'ready').length;
    const readyAfterConnect = readyInEngine();
    await sleep(1000);
    const memAfterConnect = process.memoryUsage();
    const rssAfterConnect = memAfterConnect.rss;
    const secondRss = { afterConnect: second ? rssOf(second.child.pid!) : NaN, end: NaN, peak: NaN };
    secondRss.peak = secondRss.afterConnect;
    log(
      `  ${connected.stats.connected} connected, ${connected.stats.ready} ready (engine: ${readyAfterConnect}) in ${fmt(connected.connectMs / 1000, 1)} s` +
        `${second ? ` (ready one at a time, alternating the processes: ${fmt(connected.readyMs / 1000, 1)} s in all)` : ''}; ` +
        `server RSS ${fmt(mb(rssAfterConnect), 1)} MB${second ? ` (B: ${fmt(mb(secondRss.afterConnect), 1)} MB)` : ''}${connected.firstError ? `; first error: ${connected.firstError}` : ''}`,
    );

    // 3. The calls, paced; each offer hangs its call up.
    const placedAt = new Map<string, { at: number; from: string }>();
    const latencies: number[] = [];
    const latenciesOn = { A: [] as number[], B: [] as number[] }; // by the agent's process
    const wrong: string[] = [];
    let duplicates = 0;
    let duplicateSample = '';
    const firstAgent = new Map<string, string>();
    let placeErrors = 0;
    const offered = new Set<string>();
    const onOffer = (m: Extract<FromClient, { type: 'offer' }>, again = false) => {
      const placed = placedAt.get(m.callSid);
      // Several IPC messages read at once are handled before the `placed` promise settles: look again after it.
      if (!placed && !again) return void setImmediate(() => onOffer(m, true));
      if (!placed) {
        wrong.push(`offer of an unknown call ${m.callSid} to ${m.jobNumber}`);
        return;
      }
      if (offered.has(m.callSid)) {
        duplicates++;
        if (!duplicateSample)
          duplicateSample = `${m.callSid}: offered to ${firstAgent.get(m.callSid)}, then to ${m.jobNumber} ${fmt(m.at - placed.at - clock.offset)} ms after it was placed`;
        return;
      }
      offered.add(m.callSid);
      firstAgent.set(m.callSid, m.jobNumber);
      if (m.from !== placed.from) wrong.push(`offer of ${m.callSid} says from ${m.from}, the caller was ${placed.from}`);
      latencies.push(m.at - clock.offset - placed.at);
      latenciesOn[processOf.get(m.jobNumber) ?? 'A'].push(m.at - clock.offset - placed.at);
      if (HOLD_MS) {
        const hold = setTimeout(() => holds.delete(hold) && callers.hangup(m.callSid), HOLD_MS);
        holds.add(hold);
      } else callers.hangup(m.callSid);
    };
    client.on('message', (m: FromClient) => m.type === 'offer' && onOffer(m));

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const allocations = HEAP_SAMPLE_FILE ? await startAllocationSampling() : undefined;
    log(`Placing ${CALLS} calls at ${RATE}/s …`);
    let maxRss = rssAfterConnect;
    const rssTimer = setInterval(() => {
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
      if (second) secondRss.peak = Math.max(secondRss.peak, rssOf(second.child.pid!));
    }, 250);
    const tStart = performance.now();
    for (let i = 0; i < CALLS; i++) {
      const due = tStart + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const from = callerOf(i);
      // Not awaited: the pace holds whatever the answers do; the record is in before its offer can be.
      void callers.place(from, hotline).then(
        ({ callSid, at }) => placedAt.set(callSid, { at, from }),
        (error) => {
          placeErrors++;
          if (placeErrors === 1) log(`  placeCall failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    }
    const placedSeconds = (performance.now() - tStart) / 1000;
    // Every offer should be in within a few seconds of the last call.
    const drainUntil = performance.now() + 10_000;
    while (offered.size < placedAt.size && performance.now() < drainUntil) await sleep(50);
    await sleep(1000 + HOLD_MS); // late duplicates, the last hang-ups
    if (allocations) {
      writeFileSync(HEAP_SAMPLE_FILE!, JSON.stringify(await allocations.stop()));
      log(`Allocations sampled during the call phase written to ${HEAP_SAMPLE_FILE} (open in Chrome DevTools → Memory)`);
    }
    loop.disable();
    clearInterval(rssTimer);
    const rssEnd = process.memoryUsage().rss;
    maxRss = Math.max(maxRss, rssEnd);
    if (second) {
      secondRss.end = rssOf(second.child.pid!);
      secondRss.peak = Math.max(secondRss.peak, secondRss.end);
    }
    const leaderAtEnd = second ? await leaderNow() : undefined;
    const statsP = nextMessage(client, 'stats', 5_000);
    client.send({ type: 'stats' } satisfies ToClient);
    const { stats } = await statsP;
    const readyAtEnd = readyInEngine();
    const statesAtEnd: Record<string, number> = {};
    for (const j of jobNumbers) {
      const v = engine.agentState(j);
      const key = v.reason ? `${v.state} (${v.reason})` : v.state;
      statesAtEnd[key] = (statesAtEnd[key] ?? 0) + 1;
    }
    const memEnd = process.memoryUsage();
    // Diagnostic only (the target is the RSS above): what is left after a full collection.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const memAfterGc = process.memoryUsage();

    const callPhase = { placed: placedAt.size, latencies: latencies.slice(), on: { A: latenciesOn.A.slice(), B: latenciesOn.B.slice() } }; // the latency figures are this phase's
    // 4. Presence: 100 agents' sockets die; how long do they stay offerable, and are they offered a call?
    const graceMs = app.get(ConfigVariables).SOFTPHONE_RECONNECT_GRACE_SECONDS * 1000;
    const victims = new Set(jobNumbers.filter((j) => engine.agentState(j).state === 'ready').slice(0, 100));
    const offTheAir = new Map<string, number>(); // job number → when the engine stopped offering them (server wall clock)
    const offersToDead = { inGrace: 0, afterGrace: 0 };
    let killedAt = Infinity; // server wall clock
    const watch = engine.commands.subscribe((command) => {
      const now = wallNow();
      if (
        command.type === 'agent-state' &&
        victims.has(command.agentId) &&
        command.state !== 'ready' &&
        command.state !== 'reserved' &&
        !offTheAir.has(command.agentId)
      )
        offTheAir.set(command.agentId, now);
      if (command.type === 'offer' && victims.has(command.agentId) && now >= killedAt) offersToDead[now - killedAt < graceMs ? 'inGrace' : 'afterGrace']++;
    });
    log(`Closing the sockets of ${victims.size} ready agents, then placing calls for two reconnect graces (${graceMs / 1000} s each) …`);
    const killedP = nextMessage(client, 'killed', 5_000);
    killedAt = wallNow(); // until the agents' process says exactly when
    client.send({ type: 'kill', jobNumbers: [...victims] } satisfies ToClient);
    killedAt = (await killedP).at - clock.offset;
    const presenceCalls = Math.max(1, Math.round(((2 * graceMs) / 1000) * RATE));
    const tPresence = performance.now();
    for (let i = 0; i < presenceCalls; i++) {
      const wait = tPresence + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const from = callerOf(CALLS + i);
      void callers.place(from, hotline).then(
        ({ callSid, at }) => placedAt.set(callSid, { at, from }),
        () => placeErrors++,
      );
    }
    await sleep(Math.max(0, killedAt + 2 * graceMs + 500 - wallNow()));
    const presenceDrainUntil = performance.now() + 5_000;
    while (offered.size < placedAt.size && performance.now() < presenceDrainUntil) await sleep(50);
    watch.unsubscribe();
    const offerableMs = Float64Array.from([...victims].map((j) => (offTheAir.get(j) ?? Infinity) - killedAt)).sort();
    const victimStates: Record<string, number> = {};
    for (const j of victims) {
      const v = engine.agentState(j);
      const key = v.reason ? `${v.state} (${v.reason})` : v.state;
      victimStates[key] = (victimStates[key] ?? 0) + 1;
    }
    const presence = {
      agents: victims.size,
      graceMs,
      calls: presenceCalls,
      offersToDead,
      offerableMs: { p50: percentile(offerableMs, 0.5), p99: percentile(offerableMs, 0.99), max: offerableMs[offerableMs.length - 1] },
      statesAfter: victimStates,
    };

    const sorted = Float64Array.from(callPhase.latencies).sort();
    const p = {
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      min: sorted.length ? sorted[0] : NaN,
    };
    const figures = (values: number[]) => {
      const v = Float64Array.from(values).sort();
      return { offers: v.length, p50: percentile(v, 0.5), p90: percentile(v, 0.9), p99: percentile(v, 0.99), max: v.length ? v[v.length - 1] : NaN };
    };
    const followerOf = (leader: 'A' | 'B') => (leader === 'A' ? 'B' : 'A');
    const rssOfProcess = (x: 'A' | 'B') =>
      x === 'A'
        ? { afterConnect: mb(rssAfterConnect), end: mb(rssEnd), peak: mb(maxRss) }
        : { afterConnect: mb(secondRss.afterConnect), end: mb(secondRss.end), peak: mb(secondRss.peak) };
    // Two processes: the offers split by where the agent's socket is, on the leader (it decides) or the follower.
    const byRole =
      second && leaderAtStart
        ? {
            leader: { process: leaderAtStart, latencyMs: figures(callPhase.on[leaderAtStart]), rssMb: rssOfProcess(leaderAtStart) },
            follower: {
              process: followerOf(leaderAtStart),
              latencyMs: figures(callPhase.on[followerOf(leaderAtStart)]),
              rssMb: rssOfProcess(followerOf(leaderAtStart)),
            },
            leaderChanged: leaderAtEnd !== leaderAtStart,
          }
        : undefined;
    const missing = placedAt.size - offered.size;
    const valid =
      connected.stats.connected === AGENTS &&
      connected.stats.ready === AGENTS &&
      readyAfterConnect === AGENTS &&
      placeErrors === 0 &&
      missing === 0 &&
      wrong.length === 0;
    const checks = [
      { target: `offer p99 < ${TARGET_P99_MS} ms with ${AGENTS} agents connected`, value: `${fmt(p.p99)} ms`, pass: p.p99 < TARGET_P99_MS },
      {
        target: `server RSS < ${TARGET_RSS_MB} MB${second ? ' (each process)' : ''}`,
        value:
          `${fmt(mb(rssAfterConnect), 1)} MB after connecting, ${fmt(mb(rssEnd), 1)} MB at the end, ${fmt(mb(maxRss), 1)} MB peak` +
          (second ? `; B ${fmt(mb(secondRss.afterConnect), 1)} / ${fmt(mb(secondRss.end), 1)} / ${fmt(mb(secondRss.peak), 1)} MB` : ''),
        pass: mb(maxRss) < TARGET_RSS_MB && !(mb(secondRss.peak) >= TARGET_RSS_MB),
      },
      {
        target: 'no offer to an agent whose socket died, after the reconnect grace',
        value: `${presence.offersToDead.afterGrace} after, ${presence.offersToDead.inGrace} during the grace`,
        pass: presence.offersToDead.afterGrace === 0,
      },
    ];
    const passed = valid && checks.every((c) => c.pass);
    const loopMs = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };

    if (JSON_OUT) {
      process.stdout.write(
        JSON.stringify(
          {
            engine: databaseUrl ? 'mysql' : 'sqlite',
            node: process.version,
            processes: PROCESSES,
            agents: AGENTS,
            calls: CALLS,
            rate: RATE,
            placedSeconds,
            clock,
            connected,
            readyAfterConnect,
            latencyMs: p,
            offers: offered.size,
            duplicates,
            missing,
            wrong,
            stats,
            readyAtEnd,
            statesAtEnd,
            heapMb: { afterConnect: mb(memAfterConnect.heapUsed), end: mb(memEnd.heapUsed), afterFullGc: mb(memAfterGc.heapUsed) },
            rssAfterFullGcMb: mb(memAfterGc.rss),
            rssMb: { afterConnect: mb(rssAfterConnect), end: mb(rssEnd), peak: mb(maxRss) },
            byRole,
            eventLoopDelayMs: loopMs,
            presence,
            checks,
            valid,
            passed,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      log('');
      log(
        `Hotline softphone bench — ${new Date().toISOString()}, Node ${process.version}, ${databaseUrl ? 'MySQL/MariaDB (DATABASE_URL)' : 'embedded SQLite'}, loopback`,
      );
      log(
        `${AGENTS} agents on /softphone (websocket transport, separate process); ${callPhase.placed} calls placed in ${fmt(placedSeconds, 1)} s (${fmt(callPhase.placed / placedSeconds, 1)}/s)`,
      );
      log(`call placed (sandbox.placeCall) → offer event at the chosen agent, ${callPhase.latencies.length} offers:`);
      log(`  min ${fmt(p.min)}  p50 ${fmt(p.p50)}  p90 ${fmt(p.p90)}  p99 ${fmt(p.p99)}  max ${fmt(p.max)} ms`);
      if (byRole) {
        log(
          `two processes on one MariaDB and one Redis: A (this process) and B (node dist/src/main.js); webhooks round-robin over both; ` +
            `half the agents' sockets on each; routing leader ${byRole.leader.process}${byRole.leaderChanged ? ` at the start, ${leaderAtEnd ?? 'none'} at the end (LEADER CHANGED)` : ''}`,
        );
        for (const [role, r] of Object.entries({ leader: byRole.leader, follower: byRole.follower })) {
          log(
            `  agents on the ${role} (${r.process}), ${r.latencyMs.offers} offers: p50 ${fmt(r.latencyMs.p50)}  p90 ${fmt(r.latencyMs.p90)}  p99 ${fmt(r.latencyMs.p99)}  max ${fmt(r.latencyMs.max)} ms; ` +
              `RSS ${fmt(r.rssMb.afterConnect, 1)} MB after connecting, ${fmt(r.rssMb.end, 1)} MB at the end, ${fmt(r.rssMb.peak, 1)} MB peak`,
          );
        }
      }
      log(`server event-loop delay during the calls: p50 ${fmt(loopMs.p50)}  p99 ${fmt(loopMs.p99)}  max ${fmt(loopMs.max)} ms`);
      log(`server RSS: ${fmt(mb(rssAfterConnect), 1)} MB after connecting, ${fmt(mb(rssEnd), 1)} MB at the end, ${fmt(mb(maxRss), 1)} MB peak`);
      log(
        `server heap used: ${fmt(mb(memAfterConnect.heapUsed), 1)} MB after connecting, ${fmt(mb(memEnd.heapUsed), 1)} MB at the end (external ${fmt(mb(memEnd.external), 1)} MB, array buffers ${fmt(mb(memEnd.arrayBuffers), 1)} MB); after a forced full GC at the end: heap ${fmt(mb(memAfterGc.heapUsed), 1)} MB, RSS ${fmt(mb(memAfterGc.rss), 1)} MB`,
      );
      log(
        `offers ${offered.size}/${placedAt.size} (duplicates ${duplicates}), offer-cancelled ${stats.cancelled}, error events ${stats.errorEvents}, ` +
          `disconnects ${stats.disconnects}, agents ready at the end ${readyAtEnd}/${AGENTS}`,
      );
      if (duplicateSample) log(`a call offered again after its caller hung up, e.g. ${duplicateSample}`);
      log(
        `agents' states at the end: ${Object.entries(statesAtEnd)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
      log(
        `presence: ${presence.agents} agents' sockets closed; offerable after the close p50 ${fmt(presence.offerableMs.p50)}  p99 ${fmt(presence.offerableMs.p99)}  max ${fmt(presence.offerableMs.max)} ms; ` +
          `${presence.calls} calls placed over two graces: offers to them ${presence.offersToDead.inGrace} during the ${graceMs / 1000} s grace, ${presence.offersToDead.afterGrace} after; ` +
          `their states after: ${Object.entries(victimStates)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}`,
      );
      if (connected.stats.connected !== AGENTS || connected.stats.ready !== AGENTS || readyAfterConnect !== AGENTS) {
        log(
          `WRONG: ${connected.stats.connected} connected, ${connected.stats.ready} ready (engine ${readyAfterConnect}) of ${AGENTS}${connected.firstError ? ` — ${connected.firstError}` : ''}`,
        );
      }
      if (placeErrors) log(`WRONG: ${placeErrors} calls could not be placed`);
      if (missing) log(`WRONG: ${missing} calls got no offer`);
      for (const w of wrong.slice(0, 5)) log(`WRONG: ${w}`);
      for (const c of checks) log(`${c.pass ? 'PASS' : 'FAIL'}  ${c.target}: ${c.value}`);
      log(valid ? (passed ? 'PASS' : 'FAIL') : 'INVALID: the bench did not measure what it should (see WRONG above)');
    }
    return valid ? (passed ? 0 : 1) : 2;
  } finally {
    for (const hold of holds) clearTimeout(hold);
    if (client?.connected) {
      client.send({ type: 'close' } satisfies ToClient);
      await Promise.race([new Promise((r) => client!.once('exit', r)), sleep(3000)]);
      if (client.exitCode === null) client.kill();
    }
    await second?.stop();
    if (app) await app.close();
    if (server?.tempDir) rmSync(server.tempDir, { recursive: true, force: true });
    if (PROCESSES === 2) await clearRedisPrefix(redisUrl, redisPrefix).catch(() => undefined);
    await benchDb?.drop();
  }
}

if (process.argv.includes(CLIENT_FLAG)) {
  clientMain();
} else {
  // Bounded: whatever happens, the bench ends (two processes: the second's start and the cluster's clean-up besides).
  const limitSeconds = process.argv.includes('--processes') ? LIMIT_SECONDS + 40 : LIMIT_SECONDS;
  setTimeout(() => {
    process.stderr.write(`bench:ws did not finish within ${limitSeconds} s\n`);
    process.exit(3);
  }, limitSeconds * 1000).unref();
  // As main.ts: a rejection nobody awaited (a softphone's journal append cut short by the shutdown) is said, not fatal.
  process.on('unhandledRejection', (reason) =>
    process.stderr.write(`bench:ws: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`),
  );
  serverMain().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`bench:ws failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(2);
    },
  );
}
