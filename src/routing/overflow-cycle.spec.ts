import { findOverflowCycle } from './routing-config.service';

describe('findOverflowCycle', () => {
  const q = (id: number, code: string, overflowQueueId: number | null = null) => ({ id, code, overflowQueueId });

  it('finds no loop in a chain that ends', () => {
    expect(findOverflowCycle([q(1, 'a', 2), q(2, 'b', 3), q(3, 'c')], 'a')).toBeNull();
  });

  it('names the loop a queue’s chain runs into', () => {
    expect(findOverflowCycle([q(1, 'a', 2), q(2, 'b', 3), q(3, 'c', 2)], 'a')).toEqual(['b', 'c', 'b']);
    expect(findOverflowCycle([q(1, 'a', 1)], 'a')).toEqual(['a', 'a']);
  });
});
