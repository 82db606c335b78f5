import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('runs every interval, one run at a time, and stop() waits for the run in progress', async () => {
    const scheduler = new SchedulerRegistry();
    const runs: ReturnType<typeof deferred>[] = [];
    const job = new PeriodicJob(scheduler, {
      name: 'test',
      intervalSeconds: 2,
      run: () => {
        const d = deferred();
        runs.push(d);
        return d.promise;
      },
      onError: jest.fn(),
    });
    job.start();
    expect(scheduler.doesExist('interval', 'test')).toBe(true);
    jest.advanceTimersByTime(1999);
    expect(runs).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(runs).toHaveLength(1);
    jest.advanceTimersByTime(4000); // two more ticks while the first run is still going: skipped
    expect(runs).toHaveLength(1);
    runs[0].resolve();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(2000);
    expect(runs).toHaveLength(2);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    expect(scheduler.doesExist('interval', 'test')).toBe(false);
    runs[1].resolve();
    await stopping;
    jest.advanceTimersByTime(10_000);
    expect(runs).toHaveLength(2);
  });

  it('reports a failed run and keeps going; a first run after start-up when asked; interval 0 never runs', async () => {
    const scheduler = new SchedulerRegistry();
    const onError = jest.fn();
    let calls = 0;
    const job = new PeriodicJob(scheduler, {
      name: 'failing',
      intervalSeconds: 60,
      firstRunAfterMs: 5000,
      run: async () => {
        calls++;
        throw new Error('boom');
      },
      onError,
    });
    job.start();
    jest.advanceTimersByTime(5000);
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toBe(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
    jest.advanceTimersByTime(60_000);
    expect(calls).toBe(2);
    await job.stop();

    const off = new PeriodicJob(scheduler, {
      name: 'off',
      intervalSeconds: 0,
      firstRunAfterMs: 10,
      run: async () => {
        calls++;
      },
      onError,
    });
    off.start();
    jest.advanceTimersByTime(120_000);
    expect(calls).toBe(2);
    expect(scheduler.doesExist('interval', 'off')).toBe(false);
    await off.stop();
  });
});
