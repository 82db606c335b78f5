/**
 * Ready-agent pools, one per queue, ordered by the queue's strategy. An agent is in a pool only
 * while ready, so its key is computed once on entry (nothing that feeds a key changes while ready).
 * Picking is O(log n) (plus the rare agent who already declined / missed the call).
 */
import { IndexedHeap } from './heap';
import type { AgentRecord } from './state-store';
import type { Strategy } from './types';

export interface AgentKeySource {
  /** Calls answered today by the agent. */
  answeredToday(agent: AgentRecord): number;
  talkMsToday(agent: AgentRecord): number;
}

export interface ReadyPool {
  readonly size: number;
  add(agent: AgentRecord, level: number): void;
  remove(agent: AgentRecord): void;
  /** Best ready agent at level ≤ maxLevel who is not excluded. */
  pick(maxLevel: number, excluded: readonly string[] | undefined): AgentRecord | undefined;
  /** Every such agent (ring-all). */
  all(maxLevel: number, excluded: readonly string[] | undefined): AgentRecord[];
  /** Highest level currently in the pool (skill-tiers widening stops there). */
  readonly maxLevel: number;
  /** The pool's heaps as they are: agent ids with the keys they entered with (keys are taken on entry, not recomputable later). */
  snapshot(): PoolSnapshot;
  /** Puts a snapshot's heaps back exactly; `agent` finds each agent's record. */
  load(snapshot: PoolSnapshot, agent: (id: string) => AgentRecord): void;
}

/** One heap: agent ids in array order and their keys. */
export interface HeapSnapshot {
  ids: string[];
  k1: number[];
  k2: number[];
}

/** A plain pool's heap, or a tiered pool's heaps by level (level 1 first). */
export type PoolSnapshot = { heap: HeapSnapshot } | { levels: HeapSnapshot[] };

type KeyFn = (a: AgentRecord) => [number, number];

class HeapPool implements ReadyPool {
  private heap = new IndexedHeap<AgentRecord>();
  constructor(private readonly key: KeyFn) {}
  get size(): number {
    return this.heap.size;
  }
  get maxLevel(): number {
    return Infinity;
  }
  add(agent: AgentRecord): void {
    const [k1, k2] = this.key(agent);
    this.heap.push(agent, k1, k2);
  }
  remove(agent: AgentRecord): void {
    this.heap.remove(agent);
  }
  pick(_maxLevel: number, excluded: readonly string[] | undefined): AgentRecord | undefined {
    const top = this.heap.peek();
    if (!top || !excluded || excluded.length === 0 || !excluded.includes(top.id)) return top;
    // Rare path: set aside agents who already refused this call.
    const aside: AgentRecord[] = [];
    let found: AgentRecord | undefined;
    for (let a = this.heap.pop(); a; a = this.heap.pop()) {
      aside.push(a);
      if (!excluded.includes(a.id)) {
        found = a;
        break;
      }
    }
    for (const a of aside) this.add(a);
    return found;
  }
  all(_maxLevel: number, excluded: readonly string[] | undefined): AgentRecord[] {
    const v = this.heap.values();
    return excluded && excluded.length ? v.filter((a) => !excluded.includes(a.id)) : v.slice();
  }
  snapshot(): { heap: HeapSnapshot } {
    return { heap: this.heapSnapshot() };
  }
  heapSnapshot(): HeapSnapshot {
    const { items, k1, k2 } = this.heap.layout();
    return { ids: items.map((a) => a.id), k1: k1.slice(), k2: k2.slice() };
  }
  load(snapshot: PoolSnapshot, agent: (id: string) => AgentRecord): void {
    if (!('heap' in snapshot)) throw new Error('a tiered pool snapshot for a plain pool');
    this.loadHeap(snapshot.heap, agent);
  }
  loadHeap(heap: HeapSnapshot, agent: (id: string) => AgentRecord): void {
    this.heap.load(heap.ids.map(agent), heap.k1, heap.k2);
  }
}

/** Skill-level tiers: a pool per level, level 1 preferred, longest idle within a level. */
class TierPool implements ReadyPool {
  private levels: HeapPool[] = [];
  private count = 0;
  private agentLevel: number[] = [];
  constructor(private readonly key: KeyFn) {}
  get size(): number {
    return this.count;
  }
  get maxLevel(): number {
    return this.levels.length;
  }
  add(agent: AgentRecord, level: number): void {
    const l = Math.max(1, Math.floor(level));
    while (this.levels.length < l) this.levels.push(new HeapPool(this.key));
    if (this.agentLevel[agent.seq]) this.remove(agent);
    this.levels[l - 1].add(agent);
    this.agentLevel[agent.seq] = l;
    this.count++;
  }
  remove(agent: AgentRecord): void {
    const l = this.agentLevel[agent.seq];
    if (!l) return;
    this.levels[l - 1].remove(agent);
    this.agentLevel[agent.seq] = 0;
    this.count--;
  }
  pick(maxLevel: number, excluded: readonly string[] | undefined): AgentRecord | undefined {
    const top = Math.min(maxLevel, this.levels.length);
    for (let l = 0; l < top; l++) {
      if (this.levels[l].size === 0) continue;
      const a = this.levels[l].pick(maxLevel, excluded);
      if (a) return a;
    }
    return undefined;
  }
  all(maxLevel: number, excluded: readonly string[] | undefined): AgentRecord[] {
    const out: AgentRecord[] = [];
    const top = Math.min(maxLevel, this.levels.length);
    for (let l = 0; l < top; l++) out.push(...this.levels[l].all(maxLevel, excluded));
    return out;
  }
  snapshot(): { levels: HeapSnapshot[] } {
    return { levels: this.levels.map((l) => l.heapSnapshot()) };
  }
  load(snapshot: PoolSnapshot, agent: (id: string) => AgentRecord): void {
    if (!('levels' in snapshot)) throw new Error('a plain pool snapshot for a tiered pool');
    this.levels = snapshot.levels.map(() => new HeapPool(this.key));
    this.agentLevel = [];
    this.count = 0;
    snapshot.levels.forEach((heap, l) => {
      this.levels[l].loadHeap(heap, agent);
      for (const id of heap.ids) this.agentLevel[agent(id).seq] = l + 1;
      this.count += heap.ids.length;
    });
  }
}

export function createPool(strategy: Strategy, queueId: string, src: AgentKeySource): ReadyPool {
  switch (strategy) {
    case 'longest-idle':
    case 'ring-all':
      return new HeapPool((a) => [a.idleSince, 0]);
    case 'fewest-calls':
      return new HeapPool((a) => [src.answeredToday(a), a.idleSince]);
    case 'least-talk-time':
      return new HeapPool((a) => [src.talkMsToday(a), a.idleSince]);
    case 'round-robin':
      // Agent this queue offered to longest ago first; never-offered agents in login order.
      return new HeapPool((a) => [a.lastOfferSeq[queueId] ?? -1, a.seq]);
    case 'skill-tiers':
      return new TierPool((a) => [a.idleSince, 0]);
  }
}
