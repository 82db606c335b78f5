/**
 * npm run sim -- --agents N --calls-per-hour L --aht-seconds S --threshold-seconds T --calls C --seed K [--json]
 *
 * Defaults are Erlang C's assumptions (one queue, one skill, exponential handle times, no wrap-up,
 * no abandonment, instant answer), so measured and predicted figures should agree. Further flags:
 *   --wrap-up-seconds W        wrap-up after each call
 *   --patience-seconds P       mean caller patience (exponential) → abandonment; adds Erlang A
 *   --answer-seconds R         ring time before an agent picks up
 *   --no-answer-probability p  chance an agent lets an offer ring out
 *   --ring-seconds R           ring timeout (default 15)
 *   --handle-distribution exponential|lognormal   --handle-sd-seconds SD (lognormal)
 *   --strategy longest-idle|fewest-calls|least-talk-time|round-robin|skill-tiers|ring-all
 *   --warmup-calls W           unmeasured calls first (default min(5000, C/50))
 */
import { erlangAMetrics, erlangCMetrics, HandleTime, simulate, Strategy } from '@hotline/acd';

const STRATEGIES = ['longest-idle', 'fewest-calls', 'least-talk-time', 'round-robin', 'skill-tiers', 'ring-all'];

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) out.set(k, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.set(k, argv[++i]);
    else out.set(k, 'true');
  }
  return out;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set([
    'agents',
    'calls-per-hour',
    'aht-seconds',
    'threshold-seconds',
    'calls',
    'seed',
    'json',
    'wrap-up-seconds',
    'patience-seconds',
    'answer-seconds',
    'no-answer-probability',
    'ring-seconds',
    'handle-distribution',
    'handle-sd-seconds',
    'strategy',
    'warmup-calls',
    'help',
  ]);
  for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown flag --${k}`);
  if (args.has('help')) {
    process.stdout.write('usage: npm run sim -- --agents 20 --calls-per-hour 300 --aht-seconds 180 --threshold-seconds 20 --calls 200000 --seed 1 [--json]\n');
    return;
  }
  const num = (k: string, d: number): number => {
    const v = args.get(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} must be a non-negative number (got ${v})`);
    return n;
  };
  const agents = Math.floor(num('agents', 20));
  const callsPerHour = num('calls-per-hour', 300);
  const aht = num('aht-seconds', 180);
  const threshold = num('threshold-seconds', 20);
  const calls = Math.floor(num('calls', 200_000));
  const seed = Math.floor(num('seed', 1));
  const patience = args.has('patience-seconds') ? num('patience-seconds', 0) : undefined;
  const strategy = (args.get('strategy') ?? 'longest-idle') as Strategy;
  if (!STRATEGIES.includes(strategy)) throw new Error(`--strategy must be one of ${STRATEGIES.join(', ')}`);
  if (agents < 1 || aht <= 0 || callsPerHour <= 0 || calls < 1) throw new Error('--agents, --aht-seconds, --calls-per-hour, --calls must be > 0');
  const dist = args.get('handle-distribution') ?? 'exponential';
  const handleTime: HandleTime =
    dist === 'lognormal'
      ? { distribution: 'lognormal', meanSeconds: aht, sdSeconds: num('handle-sd-seconds', aht) }
      : dist === 'exponential'
        ? { distribution: 'exponential', meanSeconds: aht }
        : (() => {
            throw new Error('--handle-distribution must be exponential or lognormal');
          })();

  const started = process.hrtime.bigint();
  const r = simulate({
    seed,
    calls,
    warmupCalls: args.has('warmup-calls') ? Math.floor(num('warmup-calls', 0)) : undefined,
    queues: [
      {
        id: 'q',
        callsPerHour,
        strategy,
        serviceLevelSeconds: threshold,
        wrapUpSeconds: num('wrap-up-seconds', 0),
        ringSeconds: num('ring-seconds', 15),
      },
    ],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `agent-${i + 1}`, skills: { q: 1 } })),
    handleTime,
    patienceSeconds: patience,
    answerSeconds: num('answer-seconds', 0),
    noAnswerProbability: num('no-answer-probability', 0),
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const c = erlangCMetrics({ agents, callsPerHour, ahtSeconds: aht, thresholdSeconds: threshold });
  const a = patience ? erlangAMetrics({ agents, callsPerHour, ahtSeconds: aht, thresholdSeconds: threshold, patienceSeconds: patience }) : undefined;
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const r2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);
  const m = r.measured;

  if (args.get('json') === 'true') {
    const out: Record<string, unknown> = {
      measured: { serviceLevel: r4(m.serviceLevel), asaSeconds: r2(m.asaSeconds), abandonRate: r4(m.abandonRate), occupancy: r4(m.occupancy), calls: m.calls },
      erlangC: { serviceLevel: r4(c.serviceLevel), asaSeconds: r2(c.asaSeconds), occupancy: r4(c.occupancy) },
    };
    if (a)
      out.erlangA = { serviceLevel: r4(a.serviceLevel), asaSeconds: r2(a.asaSeconds), abandonRate: r4(a.probabilityOfAbandon), occupancy: r4(a.occupancy) };
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const sec = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} s` : '∞');
  const rows: [string, string, string, string][] = [
    ['', 'measured', 'Erlang C', a ? 'Erlang A' : ''],
    [`service level (≤ ${threshold} s)`, pct(m.serviceLevel), pct(c.serviceLevel), a ? pct(a.serviceLevel) : ''],
    ['ASA', sec(m.asaSeconds), sec(c.asaSeconds), a ? sec(a.asaSeconds) : ''],
    ['abandoned', pct(m.abandonRate), '0.00 %', a ? pct(a.probabilityOfAbandon) : ''],
    ['occupancy', pct(m.occupancy), pct(c.occupancy), a ? pct(a.occupancy) : ''],
  ];
  const lines = [
    `ACD simulation: ${agents} agents, ${callsPerHour} calls/h, AHT ${aht} s (${dist}), A = ${c.trafficErlangs.toFixed(2)} Erl, seed ${seed}`,
    `${m.calls} measured calls (${m.answered} answered, ${m.abandoned} abandoned), ${(r.simulatedSeconds / 3600).toFixed(1)} simulated hours in ${wallSeconds.toFixed(2)} s wall`,
    '',
    ...rows.map((row) => row[0].padEnd(26) + row[1].padStart(11) + row[2].padStart(11) + row[3].padStart(11)),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`sim: ${(e as Error).message}\n`);
  process.exit(2);
}
