/**
 * Erlang C (M/M/N) and Erlang A (M/M/N+M, Palm's model with exponential patience).
 * Rates are per second; traffic A = λ·AHT in Erlangs.
 */

export interface ErlangInput {
  agents: number;
  callsPerHour: number;
  ahtSeconds: number;
  /** Service-level threshold (answered within T seconds). */
  thresholdSeconds: number;
}

export interface ErlangCResult {
  trafficErlangs: number;
  /** P(wait > 0). */
  probabilityOfWait: number;
  /** P(wait ≤ T). */
  serviceLevel: number;
  /** Mean wait over all calls. */
  asaSeconds: number;
  occupancy: number;
}

/** Erlang B by the stable recurrence B(0)=1, B(n) = A·B(n−1) / (n + A·B(n−1)). */
export function erlangB(servers: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= servers; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Erlang C probability of waiting, from Erlang B: C = N·B / (N − A·(1 − B)). 1 when A ≥ N. */
export function erlangC(servers: number, traffic: number): number {
  if (traffic >= servers) return 1;
  if (traffic <= 0) return 0;
  const b = erlangB(servers, traffic);
  return (servers * b) / (servers - traffic * (1 - b));
}

export function erlangCMetrics(input: ErlangInput): ErlangCResult {
  const { agents: n, ahtSeconds: aht, thresholdSeconds: t } = input;
  const a = (input.callsPerHour / 3600) * aht;
  if (a >= n) return { trafficErlangs: a, probabilityOfWait: 1, serviceLevel: 0, asaSeconds: Infinity, occupancy: 1 };
  const c = erlangC(n, a);
  return {
    trafficErlangs: a,
    probabilityOfWait: c,
    serviceLevel: 1 - c * Math.exp((-(n - a) * t) / aht),
    asaSeconds: (c * aht) / (n - a),
    occupancy: a / n,
  };
}

export interface AgentsNeededInput {
  callsPerHour: number;
  ahtSeconds: number;
  thresholdSeconds: number;
  /** e.g. 0.8 for 80/20. */
  targetServiceLevel: number;
  maxAsaSeconds?: number;
  maxOccupancy?: number;
}

/** Smallest N meeting every given target (Erlang C). */
export function agentsNeeded(input: AgentsNeededInput): number {
  const a = (input.callsPerHour / 3600) * input.ahtSeconds;
  for (let n = Math.max(1, Math.floor(a) + 1); ; n++) {
    const m = erlangCMetrics({ agents: n, callsPerHour: input.callsPerHour, ahtSeconds: input.ahtSeconds, thresholdSeconds: input.thresholdSeconds });
    if (m.serviceLevel < input.targetServiceLevel) continue;
    if (input.maxAsaSeconds !== undefined && m.asaSeconds > input.maxAsaSeconds) continue;
    if (input.maxOccupancy !== undefined && m.occupancy > input.maxOccupancy) continue;
    return n;
  }
}

export interface ErlangAInput extends ErlangInput {
  /** Mean caller patience (exponential). */
  patienceSeconds: number;
}

export interface ErlangAResult {
  trafficErlangs: number;
  probabilityOfWait: number;
  probabilityOfAbandon: number;
  /** Answered within T, as a fraction of all calls (abandoned ones count against it). */
  serviceLevel: number;
  /** Mean wait of the answered calls. */
  asaSeconds: number;
  /** Mean wait of all calls (answered or abandoned) = E[queue length] / λ. */
  meanWaitSeconds: number;
  occupancy: number;
}

/**
 * Birth–death chain: birth λ; death min(k,N)·μ + max(k−N,0)·θ. Truncated where the stationary
 * probabilities fall below 1e-16 of their peak. Waiting-time figures follow a tagged arrival (PASTA)
 * who sees j callers ahead: it moves up at rate N·μ + j·θ and abandons at rate θ.
 */
export function erlangAMetrics(input: ErlangAInput): ErlangAResult {
  const n = input.agents;
  const lambda = input.callsPerHour / 3600;
  const mu = 1 / input.ahtSeconds;
  const theta = 1 / input.patienceSeconds;
  if (!(theta > 0) || !Number.isFinite(theta)) throw new Error('erlangA: patienceSeconds must be finite and > 0');
  const T = input.thresholdSeconds;

  // Stationary distribution in log space (no overflow for large N).
  const logp: number[] = [0];
  let peak = 0;
  for (let k = 1; ; k++) {
    const death = Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
    const v = logp[k - 1] + Math.log(lambda) - Math.log(death);
    logp.push(v);
    if (v > peak) peak = v;
    if (k > n && v < peak - 37 && v < logp[k - 1]) break; // e^-37 ≈ 1e-16
    if (k > n + 1_000_000) break;
  }
  let z = 0;
  const p = logp.map((v) => Math.exp(v - peak));
  for (const v of p) z += v;
  for (let k = 0; k < p.length; k++) p[k] /= z;

  let pNoWait = 0;
  for (let k = 0; k < Math.min(n, p.length); k++) pNoWait += p[k];
  const jMax = p.length - n; // arrivals see j = k − N ahead, j = 0..jMax−1
  const w: number[] = [];
  for (let j = 0; j < jMax; j++) w.push(p[n + j]);

  // Served probability and E[wait·1{served}] per j (exact recursions).
  let served = pNoWait;
  let waitServed = 0;
  let pPrev = 1;
  let gPrev = 0;
  let lq = 0;
  for (let j = 0; j < jMax; j++) {
    const r = n * mu + j * theta;
    const R = r + theta;
    const pj = (r / R) * pPrev;
    const gj = (r / R) * (pPrev / R + gPrev);
    served += w[j] * pj;
    waitServed += w[j] * gj;
    pPrev = pj;
    gPrev = gj;
  }
  for (let k = n + 1; k < p.length; k++) lq += (k - n) * p[k];

  // P(served within T): uniformize the tagged caller's chain (states j; absorb in "served").
  const Lambda = n * mu + jMax * theta + theta;
  const v = w.slice();
  const lt = Lambda * T;
  const steps = Math.ceil(lt + 12 * Math.sqrt(lt) + 30);
  // P(Poisson(ΛT) ≥ m) for m = 1..steps, from the pmf in log space.
  const pmf: number[] = [];
  let lp = -lt;
  for (let m = 0; m <= steps; m++) {
    if (m > 0) lp += Math.log(lt) - Math.log(m);
    pmf.push(lt === 0 ? (m === 0 ? 1 : 0) : Math.exp(lp));
  }
  let tail = 1; // P(N ≥ m)
  let servedByT = 0;
  for (let m = 1; m <= steps; m++) {
    tail -= pmf[m - 1];
    const absorbed = v[0] * ((n * mu) / Lambda);
    // one step of the chain
    for (let j = 0; j < jMax; j++) {
      const r = n * mu + j * theta;
      const stay = 1 - (r + theta) / Lambda;
      v[j] = v[j] * stay + (j + 1 < jMax ? v[j + 1] * ((n * mu + (j + 1) * theta) / Lambda) : 0);
    }
    servedByT += absorbed * Math.max(0, tail);
  }

  const pAbandon = 1 - served;
  return {
    trafficErlangs: lambda / mu,
    probabilityOfWait: 1 - pNoWait,
    probabilityOfAbandon: pAbandon,
    serviceLevel: pNoWait + servedByT,
    asaSeconds: served > pNoWait ? waitServed / served : 0,
    meanWaitSeconds: lq / lambda,
    occupancy: (lambda * (1 - pAbandon)) / mu / n,
  };
}
