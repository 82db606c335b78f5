import { SchedulerRegistry } from '@nestjs/schedule';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { loadConfig } from '../../config/load-config';
import { RedisConnection } from '../redis/redis-connection';
import { PeriodicJob } from './periodic-job';
import { PeriodicJobs } from './periodic-jobs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const quietLogger = () =>
  ({ setContext: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }) as unknown as PinoLogger;

/** Periodic jobs with several processes on one Redis: each run is done by one of them (medium: real Redis, no server). */
describe('periodic jobs across processes (medium, real Redis)', () => {
  const prefix = `test-jobs-${process.pid}`;
  const connections: RedisConnection[] = [];
  const jobs: PeriodicJob[] = [];

  /** One server process's job factory: its own Redis connection and its own scheduler. */
  const processWith = (env: Record<string, string>) => {
    const redis = new RedisConnection(loadConfig({ NODE_ENV: 'test', REDIS_KEY_PREFIX: prefix, ...env }), quietLogger());
    connections.push(redis);
    return new PeriodicJobs(new SchedulerRegistry(), redis, quietLogger());
  };
  /** The same job started in each process, counting every run of any of them. */
  const startEverywhere = (processes: PeriodicJobs[], options: { name: string; intervalSeconds: number; firstRunAfterMs?: number }) => {
    const runs: number[] = [];
    processes.forEach((p, i) => {
      const job = p.create({ ...options, run: async () => void runs.push(i), onError: (error) => fail(error) });
      job.start();
      jobs.push(job);
    });
    return runs;
  };

  afterEach(async () => {
    for (const job of jobs.splice(0)) await job.stop();
    for (const c of connections.splice(0)) await c.onApplicationShutdown();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('runs a job once per interval for the site, whichever of two processes ticks first', async () => {
    const [a, b] = [processWith({ REDIS_URL }), processWith({ REDIS_URL })];
    // Both start at once and first run at once: one of them does the start-up run.
    const atStart = startEverywhere([a, b], { name: 'sweep', intervalSeconds: 60, firstRunAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(atStart).toHaveLength(1);

    // Every second for 3.5 s in both: three ticks each, three runs in all (not six).
    const everySecond = startEverywhere([a, b], { name: 'scan', intervalSeconds: 1 });
    await new Promise((r) => setTimeout(r, 3500));
    expect(everySecond).toHaveLength(3);
  });

  it('without Redis each process runs its own (one process needs no claim)', async () => {
    const runs = startEverywhere([processWith({}), processWith({})], { name: 'sweep', intervalSeconds: 60, firstRunAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toEqual(expect.arrayContaining([0, 1]));
  });

  it('runs anyway when Redis cannot be asked (each job guards its own writes)', async () => {
    const runs = startEverywhere([processWith({ REDIS_URL: 'redis://127.0.0.1:1' })], { name: 'sweep', intervalSeconds: 60, firstRunAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs).toEqual([0]);
  });
});
