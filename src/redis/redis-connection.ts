import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';

export type RedisState = 'up' | 'down' | 'off';

/**
 * The server's connection to Redis when `REDIS_URL` is set (several processes behind one address);
 * none otherwise — one process needs no Redis. ioredis reconnects by itself when Redis comes back.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  /** Commands; null without REDIS_URL. */
  readonly client: Redis | null;
  readonly keyPrefix: string;
  private readonly subscribers: Redis[] = [];

  constructor(
    config: ConfigVariables,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('redis');
    this.keyPrefix = config.REDIS_KEY_PREFIX;
    this.client = config.REDIS_URL ? this.connect(config.REDIS_URL) : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /** `off` without REDIS_URL; `up` while the connection is ready; `down` while ioredis reconnects. */
  get state(): RedisState {
    if (!this.client) return 'off';
    return this.client.status === 'ready' ? 'up' : 'down';
  }

  /**
   * A second connection in subscriber mode (a Redis connection that subscribes can do nothing else).
   * Its commands wait for Redis however long it is away, so subscriptions made while it is down
   * take effect when it returns, and ioredis renews them after every reconnect.
   */
  subscriber(): Redis {
    if (!this.client) throw new Error('Redis is not configured (REDIS_URL)');
    const sub = this.client.duplicate({ maxRetriesPerRequest: null });
    sub.on('error', () => undefined); // reported once by the main connection's handler
    this.subscribers.push(sub);
    return sub;
  }

  /**
   * `connection` for a caller that fires commands without awaiting them (the socket.io adapter's
   * publishes and subscriptions): a failure while Redis is down is dropped here — the event still
   * reached this process's own sockets — instead of surfacing as an unhandled rejection.
   */
  fireAndForget(connection: Redis): Redis {
    const fired = new Set<PropertyKey>(['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
    return new Proxy(connection, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (!fired.has(property)) return (value as (...args: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch(() => undefined);
      },
    });
  }

  /** After the HTTP and socket.io servers have closed (their adapter unsubscribes on the way out). */
  async onApplicationShutdown(): Promise<void> {
    for (const connection of [...this.subscribers, ...(this.client ? [this.client] : [])]) {
      // quit() waits for Redis's answer; a connection that is down is simply cut.
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }

  private connect(url: string): Redis {
    const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
    // Without a listener ioredis would print every failed reconnect; the state is on /health instead.
    let reported = false;
    client.on('error', (error) => {
      if (!reported) this.logger.warn({ err: error }, 'redis unavailable; reconnecting');
      reported = true;
    });
    client.on('ready', () => {
      if (reported) this.logger.info('redis back');
      reported = false;
    });
    return client;
  }
}
