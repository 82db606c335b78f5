import { Interrupted, RealClock, sleep, VirtualClock } from './clock';

describe('VirtualClock', () => {
  it('fires timers in time order, same-instant timers in the order they were set, only when advanced', async () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@20'), 20);
    expect(fired).toEqual([]);
    await clock.advance(15);
    expect(fired).toEqual(['a@10']);
    expect(clock.now()).toBe(15);
    await clock.advance(5);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('runs timers set by timers, and clearTimeout cancels', async () => {
    const clock = new VirtualClock(0);
    const at: number[] = [];
    const h = clock.setTimeout(() => at.push(-1), 5);
    clock.setTimeout(() => clock.setTimeout(() => at.push(clock.now()), 10), 10);
    clock.clearTimeout(h);
    await clock.runUntilIdle();
    expect(at).toEqual([20]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('waits for idle hooks before firing the next timer', async () => {
    const clock = new VirtualClock(0);
    let busy = true;
    const order: string[] = [];
    clock.addIdleHook(async () => {
      while (busy) await new Promise((r) => setTimeout(r, 5));
    });
    setTimeout(() => {
      order.push('work done');
      busy = false;
    }, 20);
    clock.setTimeout(() => order.push('timer'), 1);
    await clock.advance(1);
    expect(order).toEqual(['work done', 'timer']);
  });

  it('sleep rejects with the abort reason and clears its timer', async () => {
    const clock = new VirtualClock(0);
    const ac = new AbortController();
    const p = sleep(clock, 1000, ac.signal);
    ac.abort(new Interrupted('stop'));
    await expect(p).rejects.toBeInstanceOf(Interrupted);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('RealClock', () => {
  it('runs sandbox time faster by `speed`', async () => {
    const clock = new RealClock(50);
    const t0 = clock.now();
    const wall = Date.now();
    await sleep(clock, 1000); // 1 s of sandbox time = 20 ms of wall time
    expect(Date.now() - wall).toBeLessThan(500);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(900);
  });
});
