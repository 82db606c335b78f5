import { Random } from '@hotline/acd';

/**
 * Random spot checks (抽查): which of a day's closed work orders a terminal's sample takes. Pure and
 * reproducible: the draw is seeded from the site day and the terminal, so sampling the same day
 * again (another process, a retry, a test) draws the same orders.
 */

/** How many of `population` orders the sample takes: the share, rounded, at least one if there are any. */
export function sampleSize(population: number, share: number): number {
  if (population <= 0 || share <= 0) return 0;
  return Math.min(population, Math.max(1, Math.round(population * share)));
}

/** A 32-bit seed from the day and terminal (FNV-1a). */
export function sampleSeed(day: string, terminal: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `${day}|${terminal}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The sampled ids, ascending: a partial Fisher–Yates shuffle of the ids (sorted first, so the input
 * order does not matter) with the seeded generator, taking the first `sampleSize` of them.
 */
export function sampleWorkOrders(ids: readonly number[], day: string, terminal: string, share: number): number[] {
  const pool = [...new Set(ids)].sort((a, b) => a - b);
  const k = sampleSize(pool.length, share);
  const random = new Random(sampleSeed(day, terminal));
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
