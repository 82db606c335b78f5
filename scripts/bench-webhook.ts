/**
 * npm run bench:webhook — Twilio's incoming-call webhook under load, against a bare endpoint of the
 * same server. Starts the whole application in this process (as main.ts does) on loopback with the
 * embedded sandbox, and drives it from a child process (so the load generator does not share the
 * server's event loop):
 *   1. POST /twilio/voice/incoming at a fixed 200 requests/s for 15 s, evenly paced and open-loop
 *      (autocannon's rate limit would burst each second's quota) → p50/p99 latency
 *   2. POST /twilio/voice/incoming at maximum throughput for 10 s (autocannon)
 *   3. GET /health/ping (public, touches nothing) at maximum throughput for 10 s
 * Every webhook request is a new call: a fresh CallSid (else the idempotency layer answers from its
 * receipts), a random +86 mobile caller, and its own X-Twilio-Signature. No agent is ready, so each
 * call is answered by the IVR (greeting and menu) and leaves one call_record row.
 * Targets: p99 < 20 ms at 200 requests/s, and the webhook's throughput at least half the bare endpoint's.
 *   --rate N           requests/s of phase 1 (default 200)
 *   --rate-seconds S   length of phase 1 (default 15)
 *   --max-seconds S    length of phases 2 and 3 (default 10)
 *   --connections N    connections per phase (default 10)
 *   --json             one JSON object instead of the table
 * Embedded SQLite in a temporary directory, or DATABASE_URL when set (an empty database: it gets
 * the migrations and a demo site). Exit status: 0 targets met, 1 targets missed, 2 the bench is wrong
 * (non-2xx answers, errors, or call records that do not match the answers).
 */
import { BenchServer, startBenchServer } from './bench-server';
import 'reflect-metadata';
import {
  computeTwilioSignature,
  formEncode,
  SANDBOX_DEFAULT_ACCOUNT_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  voiceRequestParams,
  webhookHeaders,
} from '@hotline/twilio-sandbox';
import type { INestApplication } from '@nestjs/common';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { arg } from './bench-args';

const CLIENT_FLAG = '--bench-webhook-client';
const INCOMING = '/twilio/voice/incoming';
const BARE = '/health/ping';
const TARGET_P99_MS = 20;
const TARGET_RATIO = 0.5;

/** One autocannon run, as the server side asks the client process for it. */
interface PhaseSpec {
  name: string;
  kind: 'webhook' | 'bare';
  baseUrl: string;
  seconds: number;
  connections: number;
  rate?: number;
}

/** What the client process reports of one run. */
interface PhaseResult {
  name: string;
  kind: 'webhook' | 'bare';
  seconds: number;
  rate?: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Mean of autocannon's per-second samples. */
  reqPerSec: number;
  /** Per response, measured with hrtime (0.01 ms). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** autocannon's own histogram (whole ms; at a fixed rate corrected for coordinated omission). */
  acP50: number;
  acP99: number;
}

// ---------------------------------------------------------------------------------------------
// The load generator (child process): autocannon, one request definition per phase.
// ---------------------------------------------------------------------------------------------

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A Chinese mobile number: +86 1[3-9]x xxxx xxxx. */
function mobile(): string {
  return `+861${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** The part of autocannon's API used here (the package ships no types). */
type Autocannon = (options: Record<string, unknown>) => {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
  on(event: 'done', listener: (result: AutocannonResult) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
};
interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: { average: number };
  latency: { p50: number; p99: number };
}

async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  // autocannon is loaded in the client only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as Autocannon;
  const signedUrl = `${spec.baseUrl}${INCOMING}`;
  const requests =
    spec.kind === 'webhook'
      ? [
          {
            method: 'POST',
            path: INCOMING,
            setupRequest: (req: Record<string, unknown>) => ({ ...req, ...incomingRequest(signedUrl) }),
          },
        ]
      : [{ method: 'GET', path: BARE }];

  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const instance = autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    pipelining: 1,
    duration: spec.seconds,
    timeout: 5,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    requests,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statusCodes).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name: spec.name,
    kind: spec.kind,
    seconds: spec.seconds,
    rate: spec.rate,
    requests: latencies.length,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    reqPerSec: round(result.requests.average),
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    acP50: result.latency.p50,
    acP99: result.latency.p99,
  };
}

/**
 * The signed form body and headers of one incoming call, each with a fresh CallSid: the parameters
 * and headers Twilio sends (the sandbox's own), with a fresh idempotency token.
 */
function incomingRequest(signedUrl: string): { body: string; headers: Record<string, string> } {
  const params = voiceRequestParams({
    sid: `CA${hex(16)}`,
    accountSid: SANDBOX_DEFAULT_ACCOUNT_SID,
    from: mobile(),
    to: '4008001234',
    status: 'ringing',
    direction: 'inbound',
  });
  const body = formEncode(params);
  const headers = webhookHeaders(computeTwilioSignature(SANDBOX_DEFAULT_AUTH_TOKEN, signedUrl, params), randomUUID());
  return { body, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } };
}

/**
 * A fixed rate, evenly paced: request i leaves at start + i / rate, whatever the answers do (open
 * loop), and its latency counts from that planned moment. autocannon's own rate limit sends each
 * second's quota in a burst at the top of the second, which measures a saturated server instead.
 */
async function runPacedPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const { Agent, request } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL(`${spec.baseUrl}${spec.kind === 'webhook' ? INCOMING : BARE}`);
  const total = spec.rate! * spec.seconds;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const planned = start + (i * 1000) / spec.rate!;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { body, headers } = spec.kind === 'webhook' ? incomingRequest(url.toString()) : { body: '', headers: {} };
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(url, { method: spec.kind === 'webhook' ? 'POST' : 'GET', agent, headers, timeout: 5000 }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - planned);
            statusCodes[res.statusCode!] = (statusCodes[res.statusCode!] ?? 0) + 1;
            resolve();
          });
        });
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statusCodes).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name: spec.name,
    kind: spec.kind,
    seconds: spec.seconds,
    rate: spec.rate,
    requests: latencies.length,
    ok,
    non2xx: latencies.length - ok,
    errors,
    timeouts: 0,
    statusCodes,
    reqPerSec: round(latencies.length / elapsed),
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    acP50: NaN,
    acP99: NaN,
  };
}

function clientMain(): void {
  process.on('message', (spec: PhaseSpec) => {
    (spec.rate ? runPacedPhase(spec) : runPhase(spec)).then(
      (result) => process.send!({ result }),
      (error) => process.send!({ error: error instanceof Error ? error.stack : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The server side (this process): the whole application, the phases, the report.
// ---------------------------------------------------------------------------------------------

function askClient(client: ChildProcess, spec: PhaseSpec): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load generator exited (${code}) during ${spec.name}`));
    client.once('exit', onExit);
    client.once('message', (message: { result?: PhaseResult; error?: string }) => {
      client.off('exit', onExit);
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator failed during ${spec.name}: ${message.error}`));
    });
    client.send(spec);
  });
}

/** One signed incoming call by hand: the answer must be 200 with the IVR menu, or the bench measures the wrong thing. */
async function probe(baseUrl: string): Promise<void> {
  const { body: form, headers } = incomingRequest(`${baseUrl}${INCOMING}`);
  const response = await fetch(`${baseUrl}${INCOMING}`, { method: 'POST', headers, body: form });
  const body = await response.text();
  if (response.status !== 200 || !body.includes('<Gather')) {
    throw new Error(`the probe call was not answered by the IVR menu: ${response.status} ${body.slice(0, 300)}`);
  }
  const bare = await fetch(`${baseUrl}${BARE}`);
  if (bare.status !== 200) throw new Error(`GET ${BARE} answered ${bare.status}`);
}

function fmt(x: number | null | undefined, digits = 2): string {
  return x === undefined || x === null || Number.isNaN(x) ? '—' : x.toFixed(digits);
}

async function serverMain(): Promise<number> {
  const RATE = arg('rate', 200);
  const RATE_SECONDS = arg('rate-seconds', 15);
  const MAX_SECONDS = arg('max-seconds', 10);
  const CONNECTIONS = arg('connections', 10);
  const JSON_OUT = process.argv.includes('--json');
  const log = (line: string) => {
    if (!JSON_OUT) process.stdout.write(`${line}\n`);
  };

  let app: INestApplication | undefined;
  let server: BenchServer | undefined;
  let client: ChildProcess | undefined;
  try {
    server = await startBenchServer('webhook', log);
    app = server.app;
    const { baseUrl, databaseUrl } = server;
    await probe(baseUrl);
    const { DataSource: DataSourceClass } = await import('typeorm');
    const db = app.get<DataSource>(DataSourceClass);
    const callRecords = async () => Number((await db.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM call_record'))[0].n);
    const recordsBefore = await callRecords();

    client = fork(__filename, [CLIENT_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // The server's own CPU time per answered request (this process: the application), a figure the
    // machine's other load disturbs far less than requests/s.
    const cpuPerRequest = new Map<string, number>();
    const phase = async (spec: Omit<PhaseSpec, 'baseUrl' | 'connections'>) => {
      const before = process.cpuUsage();
      const result = await askClient(client!, { ...spec, baseUrl, connections: CONNECTIONS });
      const used = process.cpuUsage(before);
      cpuPerRequest.set(spec.name, (used.user + used.system) / Math.max(1, result.requests));
      return result;
    };

    log('Warming up (2 s each, not reported) …');
    const warmups = [await phase({ name: 'warm-up webhook', kind: 'webhook', seconds: 2 }), await phase({ name: 'warm-up bare', kind: 'bare', seconds: 2 })];
    log(`Phase 1: ${INCOMING} at ${RATE} requests/s for ${RATE_SECONDS} s …`);
    const fixed = await phase({ name: `webhook @ ${RATE}/s`, kind: 'webhook', seconds: RATE_SECONDS, rate: RATE });
    log(`Phase 2: ${INCOMING} at maximum throughput for ${MAX_SECONDS} s …`);
    const maxHook = await phase({ name: 'webhook max', kind: 'webhook', seconds: MAX_SECONDS });
    log(`Phase 3: GET ${BARE} at maximum throughput for ${MAX_SECONDS} s …`);
    const maxBare = await phase({ name: 'bare max', kind: 'bare', seconds: MAX_SECONDS });
    const phases = [fixed, maxHook, maxBare];

    // Every 2xx webhook answer must have opened exactly one call record. A phase ends by dropping its
    // connections, so up to one request per connection was still being handled and opened a record unseen.
    const webhookPhases = [...warmups, ...phases].filter((p) => p.kind === 'webhook');
    const webhookOk = webhookPhases.reduce((n, p) => n + p.ok, 0);
    const inFlightAtEnds = webhookPhases.length * CONNECTIONS;
    const recordsMade = (await callRecords()) - recordsBefore;
    const recordsMatch = recordsMade >= webhookOk && recordsMade <= webhookOk + inFlightAtEnds;
    const bad = [...warmups, ...phases].filter((p) => p.non2xx > 0 || p.errors > 0 || p.timeouts > 0 || p.ok !== p.requests);

    const ratio = maxHook.reqPerSec / maxBare.reqPerSec;
    const p99AtRate = Number.isFinite(fixed.acP99) ? Math.max(fixed.p99, fixed.acP99) : fixed.p99;
    const rateHeld = fixed.reqPerSec >= RATE * 0.95;
    const checks = [
      {
        target: `p99 < ${TARGET_P99_MS} ms at ${RATE} requests/s`,
        value: `${fmt(p99AtRate)} ms at ${fmt(fixed.reqPerSec, 1)} requests/s`,
        pass: p99AtRate < TARGET_P99_MS && rateHeld,
      },
      { target: `webhook ≥ ${TARGET_RATIO * 100} % of the bare endpoint's throughput`, value: `${fmt(ratio * 100, 1)} %`, pass: ratio >= TARGET_RATIO },
    ];
    const valid = bad.length === 0 && recordsMatch;
    const passed = valid && checks.every((c) => c.pass);

    if (JSON_OUT) {
      process.stdout.write(
        JSON.stringify(
          {
            engine: databaseUrl ? 'mysql' : 'sqlite',
            node: process.version,
            phases,
            warmups,
            ratio,
            serverCpuMicrosPerRequest: Object.fromEntries(cpuPerRequest),
            checks,
            recordsMade,
            webhookOk,
            valid,
            passed,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const header = ['phase', 'requests', 'non-2xx', 'errors', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'autocannon p50/p99 ms'];
      const rows = phases.map((p) => [
        p.name,
        String(p.requests),
        String(p.non2xx),
        String(p.errors + p.timeouts),
        fmt(p.reqPerSec, 1),
        fmt(p.p50),
        fmt(p.p90),
        fmt(p.p99),
        fmt(p.max),
        `${fmt(p.acP50, 0)} / ${fmt(p.acP99, 0)}`,
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
      log('');
      log(
        `Hotline webhook bench — ${new Date().toISOString()}, Node ${process.version}, ${databaseUrl ? 'MySQL/MariaDB (DATABASE_URL)' : 'embedded SQLite'}, ${CONNECTIONS} connections, loopback`,
      );
      log(line(header));
      log(widths.map((w) => '-'.repeat(w)).join('  '));
      for (const r of rows) log(line(r));
      log('');
      log(`throughput ratio webhook / bare: ${fmt(ratio, 3)} (${fmt(maxHook.reqPerSec, 1)} / ${fmt(maxBare.reqPerSec, 1)} requests/s)`);
      const hookCpu = cpuPerRequest.get(maxHook.name)!;
      const bareCpu = cpuPerRequest.get(maxBare.name)!;
      log(
        `server CPU per request at maximum throughput: webhook ${fmt(hookCpu, 0)} µs, bare ${fmt(bareCpu, 0)} µs (bare / webhook ${fmt(bareCpu / hookCpu, 3)})`,
      );
      log(
        `call records opened: ${recordsMade} for ${webhookOk} answered webhooks (warm-up included; up to ${inFlightAtEnds} more were in flight at phase ends)`,
      );
      for (const p of bad)
        log(`WRONG: ${p.name} — status codes ${JSON.stringify(p.statusCodes)}, non-2xx ${p.non2xx}, errors ${p.errors}, timeouts ${p.timeouts}`);
      if (!recordsMatch) log(`WRONG: ${recordsMade} call records for ${webhookOk} answered webhooks`);
      for (const c of checks) log(`${c.pass ? 'PASS' : 'FAIL'}  ${c.target}: ${c.value}`);
      if (!rateHeld) log(`FAIL  the fixed-rate phase did not hold ${RATE} requests/s`);
      log(valid ? (passed ? 'PASS' : 'FAIL') : 'INVALID: the bench did not measure what it should (see WRONG above)');
    }
    return valid ? (passed ? 0 : 1) : 2;
  } finally {
    if (client?.connected) client.disconnect();
    if (app) await app.close();
    if (server?.tempDir) rmSync(server.tempDir, { recursive: true, force: true });
  }
}

if (process.argv.includes(CLIENT_FLAG)) {
  clientMain();
} else {
  // Bounded: whatever happens, the bench ends.
  const limitSeconds = 2 * 2 + arg('rate-seconds', 15) + 2 * arg('max-seconds', 10) + 120;
  setTimeout(() => {
    process.stderr.write(`bench:webhook did not finish within ${limitSeconds} s\n`);
    process.exit(3);
  }, limitSeconds * 1000).unref();
  serverMain().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`bench:webhook failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(2);
    },
  );
}
