/**
 * npm run bench:acd — routing decisions per second and decision latency with 5 000 agents across
 * 100 queues with mixed skills, then simulated calls per second for the single-queue case.
 * Every engine call (one event in, its decisions out) is timed; the simulator drives the engine.
 *   --calls N          calls in the 5 000-agent run (default 300 000)
 *   --single-calls N   calls in the single-queue run (default 1 000 000)
 *   --json             one JSON object instead of the table
 */
import { AcdCommand, simulate, SimConfig, Skills, Strategy, Random } from '@hotline/acd';
import { arg } from './bench-args';

const AGENTS = 5000;
const QUEUES = 100;

/** 100 queues, strategies mixed (mostly longest-idle, as in practice); agents hold 3–6 skills. */
function bigCentre(calls: number, seed: number): SimConfig {
  const rng = new Random(seed);
  const strategies: Strategy[] = ['longest-idle', 'longest-idle', 'longest-idle', 'fewest-calls', 'least-talk-time', 'round-robin', 'skill-tiers'];
  const queues = Array.from({ length: QUEUES }, (_, i) => ({
    id: `q${i}`,
    // two small ring-all queues (a VIP desk), the rest by the mix above
    strategy: i % 50 === 49 ? 'ring-all' : strategies[i % strategies.length],
    wrapUpSeconds: 10,
    ringSeconds: 15,
    callsPerHour: 0,
    maxWaitSeconds: 600,
    overflow: i % 10 === 0 ? { afterSeconds: 90, target: `q${i + 1}` } : undefined,
    priorities: [
      { priority: 0, weight: 90 },
      { priority: 10, weight: 8 },
      { priority: 20, weight: 2 },
    ],
  }));
  const ringAll = new Set(queues.filter((q) => q.strategy === 'ring-all').map((q) => q.id));
  const weight = new Array<number>(QUEUES).fill(0);
  const agents = Array.from({ length: AGENTS }, (_, i) => {
    // skills cluster around a home queue (a team), with a few random extras
    const home = i % QUEUES;
    const skills: Skills = { [`q${home}`]: 1 };
    const n = 3 + Math.floor(rng.next() * 4);
    while (Object.keys(skills).length < n) {
      const q = rng.next() < 0.6 ? (home + 1 + Math.floor(rng.next() * 5)) % QUEUES : Math.floor(rng.next() * QUEUES);
      skills[`q${q}`] ??= 1 + Math.floor(rng.next() * 3);
    }
    // ring-all queues are small desks (40 agents), as ring-all is used in practice
    for (const id of ringAll) delete skills[id];
    if (i % 125 === 7) for (const id of ringAll) skills[id] = 1;
    if (Object.keys(skills).length === 0) skills[`q${(home + 1) % QUEUES}`] = 1;
    const m = Object.keys(skills).length;
    for (const k of Object.keys(skills)) weight[Number(k.slice(1))] += 1 / m;
    return { id: `agent-${i}`, skills };
  });
  // Offered load ≈ 90 % of capacity, split by how much agent time each queue can draw on.
  const aht = 180 + 10;
  const totalPerHour = (0.9 * AGENTS * 3600) / aht;
  const wsum = weight.reduce((s, w) => s + w, 0);
  queues.forEach((q, i) => (q.callsPerHour = (totalPerHour * weight[i]) / wsum));
  return {
    seed,
    calls,
    warmupCalls: 20_000,
    queues,
    agents,
    handleTime: { distribution: 'lognormal', meanSeconds: 180, sdSeconds: 120 },
    patienceSeconds: 180,
    answerSeconds: 2,
    noAnswerProbability: 0.02,
    maxConsecutiveMisses: 2,
  };
}

function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const DECISIONS = new Set<AcdCommand['type']>(['offer', 'ring-all', 'callback-task', 'overflow', 'voicemail']);

function run() {
  const calls = arg('calls', 300_000);
  const singleCalls = arg('single-calls', 1_000_000);
  const json = process.argv.includes('--json');

  // Single queue first, on a fresh heap. Erlang C assumptions; simulated calls per second of wall time.
  const single = (count: number) => {
    const t0 = process.hrtime.bigint();
    simulate({
      seed: 1,
      calls: count,
      warmupCalls: 0,
      queues: [{ id: 'q', callsPerHour: 300 }],
      agents: Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, skills: { q: 1 } })),
      handleTime: { distribution: 'exponential', meanSeconds: 180 },
    });
    return count / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  single(100_000); // warm-up
  const singleRate = single(singleCalls);

  // JIT warm-up on a smaller run.
  simulate(bigCentre(20_000, 99));

  let samples = new Float64Array(1 << 20);
  let offerSamples = new Float64Array(1 << 20);
  let n = 0;
  let no = 0;
  let engineNs = 0;
  let decisions = 0;
  const started = process.hrtime.bigint();
  const r = simulate({
    ...bigCentre(calls, 7),
    instrument: (fn) => {
      const t0 = process.hrtime.bigint();
      const out = fn();
      const ns = Number(process.hrtime.bigint() - t0);
      engineNs += ns;
      if (n === samples.length) {
        const bigger = new Float64Array(samples.length * 2);
        bigger.set(samples);
        samples = bigger;
      }
      samples[n++] = ns;
      let d = 0;
      for (let i = 0; i < out.length; i++) if (DECISIONS.has(out[i].type)) d++;
      if (d > 0) {
        decisions += d;
        if (no === offerSamples.length) {
          const bigger = new Float64Array(offerSamples.length * 2);
          bigger.set(offerSamples);
          offerSamples = bigger;
        }
        offerSamples[no++] = ns;
      }
      return out;
    },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const all = samples.subarray(0, n).sort();
  const dec = offerSamples.subarray(0, no).sort();
  const us = (x: number) => Math.round(x / 10) / 100; // ns → µs, 2 decimals

  const result = {
    multiQueue: {
      agents: AGENTS,
      queues: QUEUES,
      calls: r.measured.calls,
      engineCalls: n,
      decisions,
      decisionsPerSecond: Math.round(decisions / (engineNs / 1e9)),
      engineCallsPerSecond: Math.round(n / (engineNs / 1e9)),
      latencyUs: { p50: us(pct(all, 0.5)), p99: us(pct(all, 0.99)), p999: us(pct(all, 0.999)), max: us(all[all.length - 1]) },
      decisionLatencyUs: { p50: us(pct(dec, 0.5)), p99: us(pct(dec, 0.99)), p999: us(pct(dec, 0.999)), max: us(dec[dec.length - 1]) },
      simulatedCallsPerSecond: Math.round((r.measured.calls + 20_000) / wall),
      serviceLevel: Math.round(r.measured.serviceLevel * 1000) / 1000,
      occupancy: Math.round(r.measured.occupancy * 1000) / 1000,
      abandonRate: Math.round(r.measured.abandonRate * 1000) / 1000,
    },
    singleQueue: { calls: singleCalls, simulatedCallsPerSecond: Math.round(singleRate) },
    node: process.version,
  };
  if (json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const m = result.multiQueue;
  const lines = [
    `ACD benchmark (${process.version})`,
    ``,
    `${m.agents} agents, ${m.queues} queues, mixed skills and strategies; ${m.calls} calls, ${m.engineCalls} engine calls`,
    `  routing decisions/s        ${m.decisionsPerSecond.toLocaleString('en-US')}   (${m.decisions} decisions in ${(engineNs / 1e9).toFixed(2)} s of engine time)`,
    `  engine events/s            ${m.engineCallsPerSecond.toLocaleString('en-US')}`,
    `  decision latency           p50 ${m.decisionLatencyUs.p50} µs   p99 ${m.decisionLatencyUs.p99} µs   p99.9 ${m.decisionLatencyUs.p999} µs   max ${m.decisionLatencyUs.max} µs   (events that produced a decision)`,
    `  any-event latency          p50 ${m.latencyUs.p50} µs   p99 ${m.latencyUs.p99} µs   p99.9 ${m.latencyUs.p999} µs   max ${m.latencyUs.max} µs`,
    `  simulated calls/s          ${m.simulatedCallsPerSecond.toLocaleString('en-US')}   (SL ${(m.serviceLevel * 100).toFixed(1)} %, occupancy ${(m.occupancy * 100).toFixed(1)} %, abandoned ${(m.abandonRate * 100).toFixed(1)} %)`,
    ``,
    `single queue (20 agents, Erlang C assumptions), ${singleCalls} calls`,
    `  simulated calls/s          ${result.singleQueue.simulatedCallsPerSecond.toLocaleString('en-US')}`,
    ``,
    `targets: p99 decision < 100 µs: ${m.decisionLatencyUs.p99 < 100 ? 'met' : 'MISSED'}; ≥ 100 000 simulated calls/s single queue: ${result.singleQueue.simulatedCallsPerSecond >= 100_000 ? 'met' : 'MISSED'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

run();
