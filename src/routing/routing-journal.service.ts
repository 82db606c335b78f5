import { CallArrival, QueueConfig, RestoredCall, Skills } from '@hotline/acd';
import { Inject, Injectable, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject } from 'rxjs';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { RedisConnection } from '../redis/redis-connection';
import { AgentStateRequest, QueueView } from './dtos/routing.dto';
import { RoutingLeadership } from './routing-leadership.service';
import { routingTracing, traceRouting } from './routing-trace';

/** One routing command: every change to the routing state is one of these, applied in the journal's order. */
export type RoutingCommand =
  /** `view`: the queue as the call path reads it (menu key…), for every process's cache. */
  | { type: 'upsert-queue'; config: QueueConfig; view?: QueueView }
  | { type: 'agent-skills'; jobNumber: string; skills: Skills }
  | { type: 'set-state'; jobNumber: string; skills: Skills; state: AgentStateRequest; reason?: string }
  | { type: 'sign-in'; jobNumber: string; skills: Skills; ready: boolean }
  | { type: 'restore-call'; jobNumber: string; call: RestoredCall }
  | { type: 'call-arrived'; arrival: CallArrival }
  | { type: 'offer-answered'; callId: string; agentId: string }
  | { type: 'offer-declined'; callId: string; agentId: string }
  /** `agentIds`: the agents whose ring ended (a `<Dial>` result), when known. */
  | { type: 'offer-timed-out'; callId: string; agentIds?: string[] }
  | { type: 'call-ended'; callId: string }
  | { type: 'call-handed-over'; callId: string; agentId: string }
  | { type: 'request-callback'; callId: string }
  | { type: 'wrap-up-done'; agentId: string }
  /** The engine's deadlines up to `at` (ring timeouts, wrap-ups, overflow): the leader's timer. */
  | { type: 'tick' }
  /** A softphone socket up or down on a process: presence is the session, whichever process holds it. */
  | { type: 'socket-up'; jobNumber: string; socketId: string; process: string }
  | { type: 'socket-down'; jobNumber: string; socketId: string }
  /** A process stopped reporting itself alive (killed): its sockets are gone. */
  | { type: 'process-gone'; process: string };

/** A command as journalled: when (the engine's time for it), and who is waiting for its result. */
export interface JournalEntry {
  command: RoutingCommand;
  at: number;
  /** The call whose webhook is being answered with this command's offer (no REST redirect for it). */
  inline?: string;
  /** The leader's fencing token, on commands only the leader may send. */
  fence?: number;
  /** The submitting process's request id: its result goes back to that caller. */
  rid?: string;
  /** The stream's id for the entry (set when read, never written): orders entries across processes. */
  id?: string;
}

/** Stream ids ("ms-seq") in order: negative, zero or positive. */
export function compareEntryIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}

export type JournalApplier = (entry: JournalEntry, replaying: boolean) => unknown;

/** The routing state as the journal saves and loads it in snapshots (RoutingEngineService provides it). */
export interface JournalSnapshotter {
  /** The state after the last entry applied, as plain data (JSON). */
  take(): unknown;
  /** Replaces the state with one `take` gave (its entry and every one before it applied). */
  load(state: unknown): void;
}

/** A snapshot as stored: the state after entry `id`, with what the journal itself needs to go on from there. */
interface StoredSnapshot {
  id: string;
  /** The engine's time at that entry (times never go back). */
  at: number;
  /** The highest fencing token applied up to it. */
  highestFence: number;
  state: unknown;
}

/** How long a caller waits for its command to come back applied before giving up (Redis away). */
const SUBMIT_TIMEOUT_MS = 10_000;
/** Entries read per round (XREAD COUNT). */
const READ_BATCH = 500;
/** A blocking read returns this often with nothing, so a shutdown is not held up. */
const BLOCK_MS = 1000;
/** A stopping process waits this long at most for the commands it already sent to come back applied. */
const STOP_GRACE_MS = 2000;

/** Refused because this process is shutting down: the caller may retry on another process. */
export class RoutingStoppingError extends ServiceUnavailableException {
  constructor() {
    super('the server is stopping: routing takes no more commands here');
  }
}

/**
 * Appends only while the lease holds this exact holder|token: a deposed leader's append is refused in Redis.
 * KEYS: lease, stream. ARGV: expected lease value, payload.
 */
const FENCED_XADD = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
return redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])`;

/**
 * Writes the leader's snapshot if the lease still holds this exact holder|token and it is newer than
 * the stored one, then trims the journal before the older of the previous snapshot and `keep` ms of
 * entries before this one (recorded first as the trim mark, which readers compare with where they
 * read from). KEYS: lease, snapshot hash, stream, trim mark. ARGV: lease value, id, body, keep ms.
 * Returns false when fenced out, 0 when not newer, else 1.
 */
const FENCED_SNAPSHOT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local nms, nseq = parse(ARGV[2])
local old = redis.call('HGET', KEYS[2], 'id')
if old then
  local oms, oseq = parse(old)
  if oms > nms or (oms == nms and oseq >= nseq) then return 0 end
end
redis.call('HSET', KEYS[2], 'id', ARGV[2], 'body', ARGV[3])
if not old then return 1 end
local cut = old
local keepFrom = nms - tonumber(ARGV[4])
if keepFrom < parse(old) then cut = string.format('%.0f-0', keepFrom) end
redis.call('SET', KEYS[4], cut)
redis.call('XTRIM', KEYS[3], 'MINID', cut)
return 1`;

/**
 * The routing journal. Without REDIS_URL a command is applied at once, in this process. With it,
 * every process appends its commands to one Redis stream and applies the whole stream in order to
 * its own copy of the routing engine — a replicated state machine: the engine is deterministic (its
 * clock is the entry's time), so every process holds the same routing state, serves reads from it,
 * and a follower that takes over holds the state already. Only the leader carries decisions out
 * (Twilio redirects, records, the state log); only the leader's timer ticks the engine, through
 * the journal, fenced.
 */
@Injectable()
export class RoutingJournal implements OnModuleDestroy {
  private applier?: JournalApplier;
  private readonly client: Redis | null;
  private reader?: Redis;
  private readonly streamKey: string;
  private readonly executedKey: string;
  private readonly snapshotKey: string;
  private readonly trimmedKey: string;
  private snapshotter?: JournalSnapshotter;
  /** Entries applied since the last snapshot this process wrote or loaded, and when that was. */
  private sinceSnapshot = 0;
  private snapshotAt = Date.now();
  private snapshotWriting = false;
  /** The executed mark waiting to be written (see markExecuted). */
  private executedPending?: string;
  private lastId = '0-0';
  private lastAt = 0;
  private highestFence = 0;
  private requestSeq = 0;
  /** Shutting down: no new command is taken; those already sent still get their answers for a moment. */
  private stopping = false;
  private stopped = false;
  private starting?: Promise<void>;
  private caughtUp = false;
  private readonly waiting = new Map<string, { resolve: (value: unknown) => void; reject: (error: unknown) => void; timer: NodeJS.Timeout }>();
  /** ROUTING_TRACE_FILE: when this process's own entries were submitted, by request id. */
  private readonly traced = new Map<string, number>();
  private readonly backSubject = new Subject<void>();
  /** Entries applied by this process (replayed at start included). */
  applied = 0;
  /** The journal held no entry when this process started: nobody's routing state to take over (a cold start of the site). */
  startedEmpty = true;

  constructor(
    private readonly redis: RedisConnection,
    private readonly leadership: RoutingLeadership,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly logger: PinoLogger,
    /** The snapshot settings (the defaults without it: tools that only read the journal). */
    private readonly config: ConfigVariables = new ConfigVariables(),
  ) {
    logger.setContext('routing-journal');
    this.client = redis.client;
    this.streamKey = `${redis.keyPrefix}:routing:journal`;
    this.executedKey = `${redis.keyPrefix}:routing:executed`;
    this.snapshotKey = `${redis.keyPrefix}:routing:snapshot`;
    this.trimmedKey = `${redis.keyPrefix}:routing:trimmed`;
    // Every reconnect after the first connection: commands can be journalled again.
    let connected = false;
    this.client?.on('ready', () => {
      if (connected) this.backSubject.next();
      connected = true;
    });
  }

  /** Redis answers again after being away (several processes): what waited for routing meanwhile can be taken in. */
  get back(): Observable<void> {
    return this.backSubject.asObservable();
  }

  /**
   * The leader has carried out the decisions of every entry up to `id` (sent as it goes, so a
   * successor knows which decisions of its predecessor's last moments may never have been made).
   */
  markExecuted(id: string): void {
    if (!this.client) return;
    // One write per batch of entries applied together (the last one's id), not one per entry.
    const scheduled = this.executedPending !== undefined;
    this.executedPending = id;
    if (scheduled) return;
    queueMicrotask(() => {
      const last = this.executedPending!;
      this.executedPending = undefined;
      this.client!.set(this.executedKey, last).catch(() => undefined);
    });
  }

  /** The last entry whose decisions the leader carried out, if any leader has yet. */
  async executedMark(): Promise<string | null> {
    return this.client ? this.client.get(this.executedKey) : null;
  }

  /**
   * Resolves once this process has applied every entry the stream held when asked (at most
   * `timeoutMs` later): a new leader decides what its predecessor left undone from the latest state,
   * not from a copy still catching up — a process just restarted can win the election while its
   * reader is seconds behind. Resolves whether it caught up.
   */
  async appliedToEnd(timeoutMs = SUBMIT_TIMEOUT_MS): Promise<boolean> {
    if (!this.client) return true;
    const [last] = await this.client.xrevrange(this.streamKey, '+', '-', 'COUNT', 1);
    const deadline = Date.now() + timeoutMs;
    while (last && compareEntryIds(this.lastId, last[0]) < 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  get clustered(): boolean {
    return this.client !== null;
  }

  /** The stream id of the last entry this process applied (or its snapshot covers). */
  get position(): string {
    return this.lastId;
  }

  /** Whether a command can be journalled now: always with one process; with several, while Redis answers. */
  get available(): boolean {
    return this.client === null || this.client.status === 'ready';
  }

  /** The routing engine applies each entry; what it returns is the submitter's result (an Error rejects it). */
  setApplier(applier: JournalApplier): void {
    this.applier = applier;
  }

  /** What the leader saves in snapshots and a joining process loads (several processes). */
  setSnapshotter(snapshotter: JournalSnapshotter): void {
    this.snapshotter = snapshotter;
  }

  /** Applies `command` (here, or in the journal's order) and resolves with its result. */
  submit(command: RoutingCommand, options: { inline?: string } = {}): Promise<unknown> {
    if (this.stopping) return Promise.reject(new RoutingStoppingError());
    const entry: JournalEntry = { command, at: this.clock.now(), ...(options.inline ? { inline: options.inline } : {}) };
    if (!this.client) return settle(this.applyNow(entry));
    return this.append(entry, (payload) => this.client!.xadd(this.streamKey, '*', 'e', payload));
  }

  /**
   * A command only the leader may send (the engine's tick, a dead process's sockets): fenced by the
   * leader's token — refused in Redis unless the lease still holds this term, skipped by every replica
   * if an entry of a later term was applied before it.
   */
  submitAsLeader(command: RoutingCommand): Promise<unknown> {
    if (this.stopping) return Promise.reject(new RoutingStoppingError());
    const entry: JournalEntry = { command, at: this.clock.now() };
    if (!this.client) return settle(this.applyNow(entry));
    if (!this.leadership.isLeader) return Promise.reject(new ServiceUnavailableException('not the routing leader'));
    entry.fence = this.leadership.token;
    return this.append(entry, async (payload) => {
      const id = await this.client!.eval(FENCED_XADD, 2, this.leadership.leaseKey, this.streamKey, this.leadership.leaseValue, payload);
      if (!id) throw new ServiceUnavailableException('fenced out: the routing lease has another holder');
      return id as string;
    });
  }

  /**
   * Replays the stream so far (before this process serves anything), then follows it. Once, however
   * many start-up hooks ask (they run side by side and some need to know whether it was empty).
   */
  start(): Promise<void> {
    this.starting ??= this.replayAndFollow();
    return this.starting;
  }

  private async replayAndFollow(): Promise<void> {
    if (!this.client) return;
    try {
      await this.replay(this.client);
    } catch (error) {
      // Redis away at start: routing waits for it (calls are answered by the IVR meanwhile), and
      // this process does not take the journal for empty — it may hold a running site's state.
      this.startedEmpty = false;
      this.logger.error({ err: error }, 'could not read the routing journal; following it when Redis is back');
    }
    this.reader = this.redis.subscriber();
    void this.follow();
  }

  /**
   * Loads the latest snapshot (if any, and newer than what this process has applied), then applies
   * the stream after it up to its end, without publishing: these decisions were carried out long ago.
   */
  private async replay(client: Redis): Promise<void> {
    if (this.lastId === '0-0') await this.loadSnapshot(client);
    for (;;) {
      const readFrom = this.lastId;
      const [batch, trimmed] = await pipelined<[[string, string[]][], string | null]>(
        client
          .pipeline()
          .xrange(this.streamKey, `(${readFrom}`, '+', 'COUNT', READ_BATCH * 4)
          .get(this.trimmedKey),
      );
      if (this.cutOff(trimmed, readFrom)) {
        await this.loadSnapshot(client, true);
        continue;
      }
      if (batch.length === 0) break;
      this.startedEmpty = false;
      for (const [id, fields] of batch) this.applyRead(id, fields, true);
    }
    this.caughtUp = true;
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.caughtUp) await this.replay(this.reader!);
        const readFrom = this.lastId;
        // The trim mark read after the entries: if it passed where this read started, entries may be gone unseen.
        const [read, trimmed] = await pipelined<[[string, [string, string[]][]][] | null, string | null]>(
          this.reader!.pipeline().xread('COUNT', READ_BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', this.streamKey, readFrom).get(this.trimmedKey),
        );
        if (this.cutOff(trimmed, readFrom)) {
          this.logger.warn({ readFrom, trimmed }, 'fell behind the trimmed routing journal; loading its snapshot');
          await this.loadSnapshot(this.reader!, true);
          continue;
        }
        const readAt = Date.now();
        for (const [, entries] of read ?? []) for (const [id, fields] of entries) this.applyRead(id, fields, false, readAt);
        this.maybeSnapshot();
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn({ err: error }, 'routing journal read failed; retrying');
        await sleep(200);
      }
    }
  }

  /** Whether the journal was trimmed past `readFrom` (entries after it may be gone). */
  private cutOff(trimmed: string | null, readFrom: string): boolean {
    return trimmed !== null && compareEntryIds(trimmed, readFrom) > 0;
  }

  /**
   * Loads the stored snapshot if it is ahead of this process. `required`: the entries between are gone
   * (trimmed), so without a newer snapshot this process cannot go on.
   */
  private async loadSnapshot(client: Redis, required = false): Promise<void> {
    const [id, body] = await client.hmget(this.snapshotKey, 'id', 'body');
    const ahead = id !== null && body !== null && (this.lastId === '0-0' || compareEntryIds(id, this.lastId) > 0);
    if (!ahead || !this.snapshotter) {
      if (required) throw new Error(`the routing journal was trimmed past ${this.lastId} and no newer snapshot is stored`);
      return;
    }
    const started = Date.now();
    const snapshot = JSON.parse(body) as StoredSnapshot;
    this.snapshotter.load(snapshot.state);
    this.lastId = snapshot.id;
    this.lastAt = Math.max(this.lastAt, snapshot.at);
    this.highestFence = Math.max(this.highestFence, snapshot.highestFence);
    this.startedEmpty = false;
    this.sinceSnapshot = 0;
    this.snapshotAt = Date.now();
    this.logger.info({ id, bytes: body.length, ms: Date.now() - started }, 'routing state loaded from the journal snapshot');
  }

  /**
   * The leader saves the state every ROUTING_SNAPSHOT_ENTRIES entries (or ROUTING_SNAPSHOT_SECONDS
   * while entries come), taken now — right after an entry, so it is exactly the state at `lastId` —
   * and written (fenced, then the journal trimmed) in the background.
   */
  private maybeSnapshot(): void {
    if (!this.snapshotter || !this.leadership.isLeader || this.snapshotWriting || this.sinceSnapshot === 0 || this.stopping) return;
    const due = this.sinceSnapshot >= this.config.ROUTING_SNAPSHOT_ENTRIES || Date.now() - this.snapshotAt >= this.config.ROUTING_SNAPSHOT_SECONDS * 1000;
    if (!due) return;
    const started = Date.now();
    const snapshot: StoredSnapshot = { id: this.lastId, at: this.lastAt, highestFence: this.highestFence, state: this.snapshotter.take() };
    const body = JSON.stringify(snapshot);
    const tookMs = Date.now() - started;
    this.sinceSnapshot = 0;
    this.snapshotAt = Date.now();
    this.snapshotWriting = true;
    const keepMs = String(this.config.ROUTING_JOURNAL_KEEP_SECONDS * 1000);
    this.client!.eval(
      FENCED_SNAPSHOT,
      4,
      this.leadership.leaseKey,
      this.snapshotKey,
      this.streamKey,
      this.trimmedKey,
      this.leadership.leaseValue,
      snapshot.id,
      body,
      keepMs,
    )
      .then((written) => this.logger.info({ id: snapshot.id, bytes: body.length, tookMs, written: written !== null }, 'routing journal snapshot'))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'routing journal snapshot not written'))
      .finally(() => (this.snapshotWriting = false));
  }

  /**
   * An orderly stop: new commands are refused at once (RoutingStoppingError); those already sent get
   * their answers while the reader still follows the stream (up to STOP_GRACE_MS), and whatever is
   * left then is rejected to its caller. Nest runs this before RedisConnection quits.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    const until = Date.now() + STOP_GRACE_MS;
    while (this.waiting.size > 0 && Date.now() < until && this.reader && this.reader.status !== 'end') await sleep(10);
    this.stopped = true;
    // Its blocking read would hold a graceful quit up to BLOCK_MS: nothing it could still read matters now.
    this.reader?.disconnect();
    for (const [rid, w] of this.waiting) {
      clearTimeout(w.timer);
      this.waiting.delete(rid);
      w.reject(new RoutingStoppingError());
    }
  }

  private async append(entry: JournalEntry, add: (payload: string) => Promise<string | null>): Promise<unknown> {
    const rid = `${this.leadership.processId}:${++this.requestSeq}`;
    entry.rid = rid;
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(rid);
        reject(new ServiceUnavailableException('the routing journal did not answer in time'));
      }, SUBMIT_TIMEOUT_MS);
      this.waiting.set(rid, { resolve, reject, timer });
    });
    if (routingTracing) this.traced.set(rid, Date.now());
    const appended = add(JSON.stringify(entry))
      .then((id) => {
        // Its reader may have applied it before this answer is read: a line of its own, joined by request id.
        if (routingTracing) traceRouting({ step: 'appended', rid, appended: Date.now() });
        return id;
      })
      .catch((error: unknown) => {
        const w = this.waiting.get(rid);
        if (w) clearTimeout(w.timer);
        this.waiting.delete(rid);
        throw error;
      });
    // Both awaited together: the answer may be refused (a stop, the timeout) while the append is still
    // on its way, and a promise rejected before anyone listens is an unhandled rejection in Node.
    const [, value] = await Promise.all([appended, result]);
    return value;
  }

  private applyRead(id: string, fields: string[], replaying: boolean, readAt?: number): void {
    const applying = readAt === undefined ? 0 : Date.now();
    this.lastId = id;
    this.sinceSnapshot++;
    let entry: JournalEntry;
    try {
      entry = { ...(JSON.parse(fields[1]) as JournalEntry), id };
    } catch (error) {
      this.logger.error({ err: error, id }, 'unreadable routing journal entry skipped');
      return;
    }
    const w = entry.rid ? this.waiting.get(entry.rid) : undefined;
    if (w) {
      clearTimeout(w.timer);
      this.waiting.delete(entry.rid!);
    }
    // A command of a deposed leader that reached the stream after its successor's: skipped by every replica alike.
    if (entry.fence !== undefined) {
      if (entry.fence < this.highestFence) {
        w?.reject(new ServiceUnavailableException('fenced out: a later routing leader has taken over'));
        return;
      }
      this.highestFence = entry.fence;
    }
    const result = this.applyNow(entry, replaying);
    if (routingTracing && readAt !== undefined) this.trace(entry, readAt, applying);
    if (!w) return;
    if (result instanceof Error) w.reject(result);
    else w.resolve(result);
  }

  /** ROUTING_TRACE_FILE: one entry's path — submitted (this process's own), read, applied. */
  private trace(entry: JournalEntry, readAt: number, applying: number): void {
    const submitted = entry.rid ? this.traced.get(entry.rid) : undefined;
    if (submitted !== undefined) this.traced.delete(entry.rid!);
    const command = entry.command as { type: string; callId?: string; arrival?: { callId: string } };
    traceRouting({
      step: 'journal',
      id: entry.id,
      type: command.type,
      callId: command.callId ?? command.arrival?.callId,
      at: entry.at,
      ...(submitted !== undefined ? { rid: entry.rid, submitted } : {}),
      read: readAt,
      applying,
      applied: Date.now(),
    });
  }

  /** Applies one entry to the engine with its time never earlier than the previous one's (several processes' clocks). */
  private applyNow(entry: JournalEntry, replaying = false): unknown {
    entry.at = Math.max(entry.at, this.lastAt);
    this.lastAt = entry.at;
    this.applied++;
    try {
      return this.applier!(entry, replaying);
    } catch (error) {
      this.logger.error({ err: error, command: entry.command }, 'routing command failed');
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}

/** A pipeline's replies, each one's error thrown. */
async function pipelined<T extends unknown[]>(pipeline: { exec(): Promise<[Error | null, unknown][] | null> }): Promise<T> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  }) as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function settle(result: unknown): Promise<unknown> {
  return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
}
