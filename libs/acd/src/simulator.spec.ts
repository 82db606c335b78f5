/**
 * The simulator drives the real engine. Under the Erlang C assumptions (one queue, one skill,
 * exponential handle times, FIFO, no wrap-up, no abandonment, instant answer) the measured service
 * level must match Erlang C within 1 percentage point over 200 000 calls: routing wastes no agent time.
 */
import { erlangAMetrics, erlangCMetrics } from './erlang';
import { simulate, SimConfig } from './simulator';
import type { Skills } from './types';

function erlangCSim(agents: number, callsPerHour: number, aht: number, threshold: number, calls: number, seed: number): SimConfig {
  return {
    seed,
    calls,
    queues: [{ id: 'q', callsPerHour, serviceLevelSeconds: threshold }],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, skills: { q: 1 } })),
    handleTime: { distribution: 'exponential', meanSeconds: aht },
  };
}

describe('simulator vs Erlang C (200 000 calls each)', () => {
  it.each([
    // [agents, calls/h, AHT s, threshold s, seed]   load
    [20, 300, 180, 20, 1], //    ρ = 0.75, SL 90.8 % (the reference point)
    [3, 14.4, 300, 30, 1], //    ρ = 0.40, SL 88.2 %: light load, three agents
    [100, 1700, 180, 20, 1], // ρ = 0.85, SL 98.6 %: heavy load, a hundred agents
    // Not ρ ≥ 0.9: there 200 000 calls carry more than ±1 pp of sampling noise (seeds spread
    // ±3 pp at ρ = 0.95), so agreement would be luck, not evidence. See PERFORMANCE.md.
  ])('%i agents, %i calls/h, AHT %i s, %i s threshold', (agents, cph, aht, t, seed) => {
    const r = simulate(erlangCSim(agents, cph, aht, t, 200_000, seed));
    const c = erlangCMetrics({ agents, callsPerHour: cph, ahtSeconds: aht, thresholdSeconds: t });
    expect(r.measured.calls).toBe(200_000);
    expect(r.measured.answered).toBe(200_000);
    expect(Math.abs(r.measured.serviceLevel - c.serviceLevel)).toBeLessThan(0.01);
    expect(Math.abs(r.measured.occupancy - c.occupancy)).toBeLessThan(0.01);
    expect(r.measured.asaSeconds).toBeGreaterThan(c.asaSeconds * 0.8);
    expect(r.measured.asaSeconds).toBeLessThan(c.asaSeconds * 1.2 + 0.1);
    // the engine's own figures agree with what the callers saw, each call counted once
    const q = r.engine.queueStats('q');
    expect(q.offered).toBe(r.engine.stats.outcomes.answered);
    expect(q.answered).toBe(q.offered);
    if (process.env.ACD_SIM_LOG) console.log(agents, cph, aht, t, r.measured, c);
  });
});

describe('simulator', () => {
  it('is deterministic for a seed', () => {
    const cfg = {
      ...erlangCSim(5, 80, 180, 20, 5000, 42),
      patienceSeconds: 60,
      answerSeconds: 3,
      noAnswerProbability: 0.1,
      queues: [{ id: 'q', callsPerHour: 80, wrapUpSeconds: 10 }],
    };
    const a = simulate(cfg);
    const b = simulate(cfg);
    expect(a.measured).toEqual(b.measured);
    expect(simulate({ ...cfg, seed: 43 }).measured).not.toEqual(a.measured);
  });

  it('with exponential patience it tracks Erlang A', () => {
    const input = { agents: 20, callsPerHour: 330, ahtSeconds: 180, thresholdSeconds: 20, patienceSeconds: 90 };
    const r = simulate({ ...erlangCSim(20, 330, 180, 20, 100_000, 7), patienceSeconds: 90 });
    const a = erlangAMetrics(input);
    expect(Math.abs(r.measured.abandonRate - a.probabilityOfAbandon)).toBeLessThan(0.01);
    expect(Math.abs(r.measured.serviceLevel - a.serviceLevel)).toBeLessThan(0.015);
  });

  it('ring time, ring-no-answer, wrap-up and log-normal handle times lower the service level', () => {
    const base = erlangCSim(20, 300, 180, 20, 30_000, 9);
    const ideal = simulate(base).measured;
    const real = simulate({
      ...base,
      handleTime: { distribution: 'lognormal', meanSeconds: 180, sdSeconds: 120 },
      answerSeconds: 4,
      noAnswerProbability: 0.05,
      maxConsecutiveMisses: 3,
      queues: [{ id: 'q', callsPerHour: 300, wrapUpSeconds: 15 }],
    }).measured;
    expect(real.serviceLevel).toBeLessThan(ideal.serviceLevel);
    expect(real.occupancy).toBeGreaterThan(ideal.occupancy);
    expect(real.answered).toBe(30_000);
  });

  it('multi-queue, multi-skill, priorities: everyone is served and the invariants hold at the end', () => {
    // Three skill mixes, dealt to the agents in turn.
    const skillMixes: Skills[] = [
      { complaints: 1, vip: 1 },
      { orders: 1, invoices: 2, complaints: 2 },
      { orders: 2, invoices: 1, vip: 2 },
    ];
    const r = simulate({
      seed: 5,
      calls: 20_000,
      queues: [
        {
          id: 'complaints',
          callsPerHour: 100,
          strategy: 'skill-tiers',
          priorities: [
            { priority: 0, weight: 8 },
            { priority: 20, weight: 2 },
          ],
        },
        { id: 'orders', callsPerHour: 150, strategy: 'fewest-calls', wrapUpSeconds: 10 },
        { id: 'invoices', callsPerHour: 50, strategy: 'round-robin', overflow: { afterSeconds: 60, target: 'orders' } },
        { id: 'vip', callsPerHour: 20, strategy: 'ring-all' },
      ],
      agents: Array.from({ length: 24 }, (_, i) => ({ id: `a${i}`, skills: skillMixes[i % 3] })),
      handleTime: { distribution: 'exponential', meanSeconds: 200 },
      answerSeconds: 2,
      patienceSeconds: 300,
    });
    const o = r.engine.stats.outcomes;
    expect(o.answered + o.abandoned + o.overflowed + o.voicemail + o.callback).toBe(20_000 + Math.min(5000, Math.floor(20_000 / 50)));
    expect([...r.engine.calls()]).toEqual([]);
    for (const a of r.engine.agents()) expect(a.state).toBe('ready');
    // Counted once: agents' answered = queues' answered = terminal outcomes; offers ≥ answers.
    let agentAnswered = 0;
    let agentOffered = 0;
    for (const a of r.engine.agents())
      for (const d of r.engine.stats.agentDays(a.id)) {
        agentAnswered += d.answered;
        agentOffered += d.offered;
      }
    let queueAnswered = 0;
    for (const q of r.engine.queueIds()) queueAnswered += r.engine.queueStats(q).answered;
    expect(agentAnswered).toBe(o.answered);
    expect(queueAnswered).toBe(o.answered);
    expect(agentOffered).toBeGreaterThanOrEqual(o.answered);
  });
});
