import Redis from 'ioredis';
import { ConfigVariables } from '../../config/config-variables';
import { loadConfig } from '../../config/load-config';
import { wallClock } from '../../src/clock/app-clock';
import { RedisConnection } from '../../src/redis/redis-connection';
import { JournalEntry, RoutingJournal } from '../../src/routing/routing-journal.service';
import { RoutingLeadership } from '../../src/routing/routing-leadership.service';
import { quietLogger } from '../../scripts/routing-day';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export { quietLogger, RoutingSite, driveRoutingDay, queueView } from '../../scripts/routing-day';

/** One server process's routing parts on the real Redis: its connection, its lease, its journal (applying to a list). */
export class RoutingProcess {
  readonly redis: RedisConnection;
  readonly leadership: RoutingLeadership;
  readonly journal: RoutingJournal;
  readonly applied: JournalEntry[] = [];

  constructor(config: ConfigVariables) {
    this.redis = new RedisConnection(config, quietLogger());
    this.leadership = new RoutingLeadership(this.redis, quietLogger());
    this.journal = new RoutingJournal(this.redis, this.leadership, wallClock(), quietLogger(), config);
    this.journal.setApplier((entry) => {
      this.applied.push(entry);
      return entry.command.type;
    });
  }

  /** As Nest stops a server: module-destroy hooks, then the Redis connections. */
  async stop(): Promise<void> {
    await this.leadership.onModuleDestroy();
    await this.journal.onModuleDestroy();
    await this.redis.onApplicationShutdown();
  }
}

/** Starts processes under a Redis key prefix of their own, and drops them and the prefix's keys. */
export class RoutingProcesses {
  private seq = 0;
  prefix = '';
  private readonly started: { stop(): Promise<void> }[] = [];

  constructor(private readonly name: string) {}

  next(): void {
    this.prefix = `test-${this.name}-${process.pid}-${++this.seq}`;
  }

  config(env: Record<string, string> = {}): ConfigVariables {
    return loadConfig({ NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: this.prefix, ...env });
  }

  start(env: Record<string, string> = {}): RoutingProcess {
    return this.track(new RoutingProcess(this.config(env)));
  }

  track<T extends { stop(): Promise<void> }>(p: T): T {
    this.started.push(p);
    return p;
  }

  async clear(): Promise<void> {
    for (const p of this.started.splice(0)) await p.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${this.prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

export async function until(what: string, predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
