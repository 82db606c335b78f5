/**
 * Injectable time source for the sandbox. Everything that waits (Say/Play/Pause durations,
 * Gather timeouts, ring timeouts, queue hold loops) goes through a SandboxClock, so tests can
 * run a whole call in microseconds with a VirtualClock and a load run can use a RealClock
 * at 1x or sped up.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface SandboxClock {
  /** Sandbox time, epoch milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Thrown (as an abort reason or by sleep) when a wait is cut short. */
export class Interrupted extends Error {
  constructor(readonly reason: unknown) {
    super('interrupted');
  }
}

/** Resolves after `ms` of sandbox time; rejects with the signal's reason when aborted. */
export function sleep(clock: SandboxClock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the abort reason on as given (the sandbox aborts with its signals, e.g. CallEnded)
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the abort reason on as given (the sandbox aborts with its signals, e.g. CallEnded)
      reject(signal!.reason);
    };
    const handle = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface VirtualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * Deterministic clock: time moves only when advance()/runUntilIdle() is called. Timers due at the
 * same instant fire in the order they were set. Between timers it waits for registered idle hooks
 * (the sandbox registers "no webhook or API request in flight"), so a timer never fires while the
 * app is still answering the webhook that would have cancelled it.
 */
export class VirtualClock implements SandboxClock {
  private current: number;
  private timers: VirtualTimer[] = [];
  private nextId = 1;
  private seq = 0;
  private readonly idleHooks = new Set<() => Promise<void>>();

  constructor(startAt: number | Date = Date.UTC(2025, 0, 6, 1, 0, 0)) {
    this.current = typeof startAt === 'number' ? startAt : startAt.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: VirtualTimer = { id: this.nextId++, at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Sandbox time of the next timer, if any. */
  nextTimerAt(): number | undefined {
    return this.earliest()?.at;
  }

  addIdleHook(hook: () => Promise<void>): () => void {
    this.idleHooks.add(hook);
    return () => this.idleHooks.delete(hook);
  }

  /** Waits for in-flight work (idle hooks) and all queued microtasks/immediates to settle. */
  async settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      for (const hook of this.idleHooks) await hook();
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await this.settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await this.settle();
    }
    this.current = Math.max(this.current, target);
    await this.settle();
  }

  /** Fires timers until none is left or `limitMs` of sandbox time has passed. */
  async runUntilIdle(limitMs = 24 * 3600_000): Promise<void> {
    const limit = this.current + limitMs;
    await this.settle();
    for (let next = this.earliest(); next && next.at <= limit; next = this.earliest()) {
      await this.advanceTo(next.at);
    }
  }

  private earliest(): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}

/** Wall-clock time, optionally sped up (`speed: 10` makes a 30 s Dial timeout last 3 s). */
export class RealClock implements SandboxClock {
  private readonly origin = Date.now();
  private readonly handles = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  constructor(private readonly speed = 1) {
    if (!(speed > 0)) throw new Error('RealClock speed must be > 0');
  }

  now(): number {
    return this.origin + (Date.now() - this.origin) * this.speed;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const h = setTimeout(
      () => {
        this.handles.delete(id);
        fn();
      },
      Math.max(0, ms) / this.speed,
    );
    h.unref?.();
    this.handles.set(id, h);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const h = this.handles.get(handle.id);
    if (h) clearTimeout(h);
    this.handles.delete(handle.id);
  }
}
