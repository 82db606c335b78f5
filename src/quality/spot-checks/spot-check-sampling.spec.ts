import { sampleSeed, sampleSize, sampleWorkOrders } from './spot-check-sampling';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

describe('spot-check sampling (抽查)', () => {
  it('takes the share, rounded, and at least one when there is anything', () => {
    expect(sampleSize(0, 0.1)).toBe(0);
    expect(sampleSize(1, 0.1)).toBe(1);
    expect(sampleSize(4, 0.1)).toBe(1);
    expect(sampleSize(15, 0.1)).toBe(2); // 1.5 rounds up
    expect(sampleSize(20, 0.1)).toBe(2);
    expect(sampleSize(26, 0.1)).toBe(3);
    expect(sampleSize(3, 1)).toBe(3);
    expect(sampleSize(10, 0)).toBe(0); // a share of 0 turns sampling off
  });

  it('draws the same orders for the same day and terminal, whatever the input order', () => {
    const ids = range(50, 100);
    const a = sampleWorkOrders(ids, '2026-11-23', 'store', 0.1);
    expect(a).toHaveLength(5);
    expect(sampleWorkOrders([...ids].reverse(), '2026-11-23', 'store', 0.1)).toEqual(a);
    expect(new Set(a).size).toBe(5);
    for (const id of a) expect(ids).toContain(id);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });

  it('draws differently for another day or terminal', () => {
    const ids = range(200);
    const base = sampleWorkOrders(ids, '2026-11-23', 'store', 0.1);
    expect(sampleWorkOrders(ids, '2026-11-24', 'store', 0.1)).not.toEqual(base);
    expect(sampleWorkOrders(ids, '2026-11-23', 'logistics', 0.1)).not.toEqual(base);
    expect(sampleSeed('2026-11-23', 'store')).not.toBe(sampleSeed('2026-11-23', 'logistics'));
  });

  it('gives every order a fair chance over many days', () => {
    const ids = range(10);
    const hits = new Map<number, number>();
    for (let d = 0; d < 2000; d++) {
      for (const id of sampleWorkOrders(ids, `day-${d}`, 'store', 0.1)) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    // Each of 10 orders expects 200 of 2000 one-order draws; a fair draw stays well within ±30 %.
    for (const id of ids) expect(Math.abs((hits.get(id) ?? 0) - 200)).toBeLessThan(60);
  });

  it('takes everything when the share is 1, and nothing from nothing', () => {
    expect(sampleWorkOrders([3, 1, 2, 2], '2026-11-23', 'store', 1)).toEqual([1, 2, 3]);
    expect(sampleWorkOrders([], '2026-11-23', 'store', 0.5)).toEqual([]);
  });
});
