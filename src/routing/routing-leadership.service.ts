import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { BehaviorSubject, Observable } from 'rxjs';
import { RedisConnection } from '../redis/redis-connection';

export type RoutingRole = 'leader' | 'follower';

/** How long a leader's lease runs unrenewed: a crashed leader is replaced within about this. */
export const LEASE_MS = 3000;
/** The leader renews (and every process reports itself alive) this often. */
export const RENEW_MS = 1000;

/**
 * Takes the lease when nobody holds it, with a new fencing token (one INCR per election), or
 * renews it for its holder. Answers the holder's token, or 0 when another process holds it.
 * KEYS: lease, token counter. ARGV: process id, lease ms.
 */
const ACQUIRE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if not holder then
  local token = redis.call('INCR', KEYS[2])
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
  return token
end
local sep = string.find(holder, '|', 1, true)
if string.sub(holder, 1, sep - 1) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(string.sub(holder, sep + 1))
end
return 0`;

/** Gives the lease up if this process still holds it with this token (a clean shutdown hands over at once). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * One routing leader among the processes sharing `REDIS_URL`: a Redis lease (SET NX PX, renewed
 * every second, three seconds long) and a fencing token — a number that grows with every election,
 * so whatever a deposed leader still sends carries an older token and is refused (the journal's
 * fenced append checks it in Redis, and every replica skips an entry fenced below the highest
 * token it has applied). Kleppmann's fencing-token pattern; Redlock gives no token, so this is the
 * small script above rather than a library. Without REDIS_URL the one process is the leader.
 *
 * The leader steps down on its own as soon as it cannot renew within the lease (Redis away, the
 * process stalled), before another can be elected.
 */
@Injectable()
export class RoutingLeadership implements OnApplicationBootstrap, OnModuleDestroy {
  /** This process, in Redis (the lease holder, the sockets it holds). */
  readonly processId = randomUUID();
  private readonly roleSubject: BehaviorSubject<RoutingRole>;
  private tokenHeld = 0;
  private renewedAt = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly client: Redis | null;
  private readonly keys: { lease: string; token: string; alive: (processId: string) => string };

  constructor(
    private readonly redis: RedisConnection,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('routing-leadership');
    this.client = redis.client;
    const base = `${redis.keyPrefix}:routing`;
    this.keys = { lease: `${base}:leader`, token: `${base}:fence`, alive: (id) => `${base}:process:${id}` };
    this.roleSubject = new BehaviorSubject<RoutingRole>(this.client ? 'follower' : 'leader');
  }

  /** Several processes share the routing state (REDIS_URL set). */
  get clustered(): boolean {
    return this.client !== null;
  }

  get role(): RoutingRole {
    return this.roleSubject.value;
  }

  get isLeader(): boolean {
    return this.role === 'leader';
  }

  /** The role, now and at every change. */
  get role$(): Observable<RoutingRole> {
    return this.roleSubject.asObservable();
  }

  /** The fencing token of this process's current term as leader (0 when not leader or not clustered). */
  get token(): number {
    return this.isLeader ? this.tokenHeld : 0;
  }

  /** What the lease holds while this process leads: the fenced append compares it. */
  get leaseValue(): string {
    return `${this.processId}|${this.tokenHeld}`;
  }

  get leaseKey(): string {
    return this.keys.lease;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.client) return;
    await this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.client && this.isLeader && this.client.status === 'ready') {
      await this.client.eval(RELEASE, 1, this.keys.lease, this.leaseValue).catch(() => undefined);
    }
    if (this.client?.status === 'ready') await this.client.del(this.keys.alive(this.processId)).catch(() => undefined);
    this.setRole('follower');
  }

  /** Whether a process still reports itself alive (a crashed one stops within LEASE_MS). */
  async isAlive(processId: string): Promise<boolean> {
    if (!this.client || processId === this.processId) return true;
    return (await this.client.exists(this.keys.alive(processId))) === 1;
  }

  private async loop(): Promise<void> {
    await this.round();
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), RENEW_MS);
  }

  /** One election round: report alive, take or renew the lease (every RENEW_MS from the start; tests run single rounds). */
  async round(): Promise<void> {
    const client = this.client!;
    const started = Date.now();
    try {
      await client.set(this.keys.alive(this.processId), '1', 'PX', LEASE_MS);
      const token = Number(await client.eval(ACQUIRE_OR_RENEW, 2, this.keys.lease, this.keys.token, this.processId, String(LEASE_MS)));
      if (token > 0) {
        // A token other than the one held means the lease lapsed and was taken again: a new term.
        if (this.isLeader && token !== this.tokenHeld) this.setRole('follower');
        this.tokenHeld = token;
        this.renewedAt = started;
        this.setRole('leader');
      } else {
        this.setRole('follower');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'routing lease round failed');
    }
    // Not renewed within the lease (counted from before the renewal was sent): someone else may lead now.
    if (this.isLeader && Date.now() - this.renewedAt >= LEASE_MS - RENEW_MS / 2) this.setRole('follower');
  }

  private setRole(role: RoutingRole): void {
    if (role === this.role) return;
    this.logger.info({ role, token: role === 'leader' ? this.tokenHeld : undefined }, 'routing role');
    this.roleSubject.next(role);
  }
}
