import { agentsNeeded, erlangAMetrics, erlangB, erlangC, erlangCMetrics } from './erlang';

/** Erlang C straight from its textbook formula (sums of A^k/k!), to cross-check the recurrence. */
function erlangCDirect(n: number, a: number): number {
  let sum = 0;
  let term = 1; // A^k / k!
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = (term * n) / (n - a); // A^N/N! · N/(N−A)
  return top / (sum + top);
}

describe('Erlang C', () => {
  it('20 agents, 300 calls/h, AHT 180 s, 20 s → A = 15 Erl, SL 90.8 %, ASA 5.8 s', () => {
    const m = erlangCMetrics({ agents: 20, callsPerHour: 300, ahtSeconds: 180, thresholdSeconds: 20 });
    expect(m.trafficErlangs).toBeCloseTo(15, 10);
    expect(m.serviceLevel).toBeCloseTo(0.908, 3);
    expect(m.asaSeconds).toBeCloseTo(5.78, 2);
    expect(m.occupancy).toBe(0.75);
  });

  it("Call Centre Helper's worked example: 100 calls / 30 min, AHT 180 s, 80/20", () => {
    // A = 10 Erl; with 11 agents P(wait) = 68.21 %, SL = 39.0 %; 14 agents needed (SL 88.8 %).
    const m11 = erlangCMetrics({ agents: 11, callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20 });
    expect(m11.probabilityOfWait).toBeCloseTo(0.6821, 4);
    expect(m11.serviceLevel).toBeCloseTo(0.3896, 3);
    expect(agentsNeeded({ callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8 })).toBe(14);
    const m14 = erlangCMetrics({ agents: 14, callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20 });
    expect(m14.serviceLevel).toBeCloseTo(0.888, 3);
    expect(m14.asaSeconds).toBeCloseTo(7.84, 2);
  });

  it('small cases by hand: C(2 agents, 1 Erl) = 1/3; Erlang B table B(10, 5) = 0.01838', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
  });

  it('the recurrence matches the direct formula, and stays finite for 1 000 agents', () => {
    for (const [n, a] of [
      [5, 2],
      [20, 15],
      [50, 45.5],
      [100, 95],
    ])
      expect(erlangC(n, a)).toBeCloseTo(erlangCDirect(n, a), 10);
    const big = erlangCMetrics({ agents: 1000, callsPerHour: 19_000, ahtSeconds: 180, thresholdSeconds: 20 });
    expect(Number.isFinite(big.serviceLevel)).toBe(true);
    expect(big.serviceLevel).toBeGreaterThan(0.9);
  });

  it('overload: A ≥ N means everyone waits forever', () => {
    const m = erlangCMetrics({ agents: 10, callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20 });
    expect(m).toMatchObject({ probabilityOfWait: 1, serviceLevel: 0, asaSeconds: Infinity });
  });

  it('agentsNeeded honours ASA and occupancy caps too', () => {
    const base = { callsPerHour: 300, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8 };
    expect(agentsNeeded(base)).toBe(19); // 18 → 74.1 %, 19 → 84.3 %
    expect(agentsNeeded({ ...base, maxAsaSeconds: 5 })).toBe(21); // 20 → 5.78 s, 21 → 3.07 s
    expect(agentsNeeded({ ...base, maxOccupancy: 0.7 })).toBe(22);
  });
});

describe('Erlang A', () => {
  it('hand case N=1, λ=μ=θ=1: stationary law is Poisson(1) → P(wait)=1−e⁻¹, P(abandon)=e⁻¹', () => {
    const m = erlangAMetrics({ agents: 1, callsPerHour: 3600, ahtSeconds: 1, thresholdSeconds: 0, patienceSeconds: 1 });
    expect(m.probabilityOfWait).toBeCloseTo(1 - Math.exp(-1), 10);
    expect(m.probabilityOfAbandon).toBeCloseTo(Math.exp(-1), 10);
    expect(m.serviceLevel).toBeCloseTo(Math.exp(-1), 8); // T = 0: only those who do not wait
    expect(m.occupancy).toBeCloseTo(1 - Math.exp(-1), 10);
  });

  it('patience → ∞ approaches Erlang C', () => {
    for (const [n, cph, t] of [
      [20, 300, 20],
      [5, 60, 30],
      [100, 1900, 20],
    ]) {
      const c = erlangCMetrics({ agents: n, callsPerHour: cph, ahtSeconds: 180, thresholdSeconds: t });
      const a = erlangAMetrics({ agents: n, callsPerHour: cph, ahtSeconds: 180, thresholdSeconds: t, patienceSeconds: 1e9 });
      expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
      expect(a.probabilityOfWait).toBeCloseTo(c.probabilityOfWait, 5);
      expect(a.asaSeconds).toBeCloseTo(c.asaSeconds, 3);
      expect(a.probabilityOfAbandon).toBeLessThan(1e-5);
    }
  });

  it('P(abandon) = θ · E[wait] (Little + exponential patience), and abandonment lifts SL', () => {
    const input = { agents: 20, callsPerHour: 300, ahtSeconds: 180, thresholdSeconds: 20, patienceSeconds: 120 };
    const a = erlangAMetrics(input);
    expect(a.probabilityOfAbandon).toBeCloseTo(a.meanWaitSeconds / 120, 10);
    expect(a.serviceLevel).toBeGreaterThan(erlangCMetrics(input).serviceLevel);
    expect(a.serviceLevel + a.probabilityOfAbandon).toBeLessThanOrEqual(1);
  });

  it('is stable when overloaded (A > N), where Erlang C has no steady state', () => {
    const a = erlangAMetrics({ agents: 10, callsPerHour: 300, ahtSeconds: 180, thresholdSeconds: 20, patienceSeconds: 60 });
    expect(a.probabilityOfAbandon).toBeGreaterThan(0.2);
    expect(a.occupancy).toBeLessThanOrEqual(1);
    expect(a.occupancy).toBeGreaterThan(0.9);
  });
});
