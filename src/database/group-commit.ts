import { GROUP_COMMIT_STALLED, isDatabaseUnavailable } from './database-unavailable';

/**
 * Longer than any batch can take while the database answers (each statement is bounded by
 * DATABASE_QUERY_TIMEOUT_MS, each connection wait by DATABASE_ACQUIRE_TIMEOUT_MS).
 */
const DEFAULT_STALL_TIMEOUT_MS = 60_000;

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive together — in one turn of the event loop, or while the previous
 * batch is being written — share one transaction: one commit (one log flush on MariaDB, one set of
 * WAL frames on SQLite) and one multi-row statement per table instead of a transaction each. Every
 * caller still hears back only once its own write is committed, so nothing is acknowledged that a
 * crash could lose.
 *
 * If a batch fails (most often a repeated delivery hitting a unique key), nothing of it is kept and
 * each of its writes is retried alone with `writeOne`: one bad write fails only its own caller, and
 * each caller sees exactly what it would have seen without batching. A batch that fails because the
 * database is unreachable fails all its callers at once (nothing to single out), and a batch that
 * never settles fails them after `stallTimeoutMs`: the next batches never queue behind a lost one.
 */
export class GroupCommit<T, R> {
  private pending: Array<Waiting<T, R>> = [];
  private scheduled = false;
  private writing = 0;

  constructor(
    /** Writes all items in one transaction; answers in the items' order. */
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    /** Writes one item in its own transaction. */
    private readonly writeOne: (item: T) => Promise<R>,
    private readonly options: {
      maxBatch?: number;
      /**
       * Batches written at once: 1 where transactions queue anyway (SQLite); more where the database
       * runs them side by side (MariaDB), so the server is not left waiting on one batch's round trips.
       */
      concurrency?: number;
      /** Told of every transaction written: its size, and whether it was a batch that failed and was written one by one. */
      onWritten?: (size: number, fellBack: boolean) => void;
      /** A batch not settled by then fails its callers and frees its slot (default 60 s). */
      stallTimeoutMs?: number;
    } = {},
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Writes waiting, plus batches being written. */
  get inFlight(): number {
    return this.pending.length + this.writing;
  }

  private schedule(): void {
    if (this.scheduled || this.writing >= (this.options.concurrency ?? 1)) return;
    this.scheduled = true;
    // After this turn's I/O callbacks: the requests that arrived with this one join its batch.
    setImmediate(() => {
      this.scheduled = false;
      this.write();
    });
  }

  private write(): void {
    const batch = this.pending.splice(0, this.options.maxBatch ?? 100);
    if (batch.length === 0) return;
    this.writing++;
    let settled = false;
    // Called once: when the batch's callers are answered, or when it stalled. Frees the slot.
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      this.writing--;
      if (outcome === 'committed' || outcome === 'fellBack') {
        try {
          this.options.onWritten?.(batch.length, outcome === 'fellBack');
        } catch {
          // Only a metric: the writes are committed and answered.
        }
      }
      if (this.pending.length > 0) this.schedule();
    };
    // The last line of defence: the drivers bound every wait, but a batch that still hangs must not
    // hold its callers, nor — the next batch waits for a free slot — everything after it.
    const stallMs = this.options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    const stall = setTimeout(() => {
      const error = Object.assign(new Error(`A group commit of ${batch.length} did not finish within ${stallMs} ms`), { code: GROUP_COMMIT_STALLED });
      for (const w of batch) w.reject(error);
      settle('stalled');
    }, stallMs).unref();
    void this.commit(batch).then(settle, () => settle('stalled'));
  }

  /** Writes a batch and answers its callers; says how. */
  private async commit(batch: Array<Waiting<T, R>>): Promise<Outcome> {
    if (batch.length === 1) {
      await this.writeOne(batch[0].item).then(batch[0].resolve, batch[0].reject);
      return 'committed';
    }
    let results: R[];
    try {
      results = await this.writeBatch(batch.map((w) => w.item));
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // The database is down or stalled, not one bad write: writing each alone would only wait on
        // the outage once more per write. Every caller hears it now (a 503) and the next batch proceeds.
        for (const w of batch) w.reject(error);
        return 'unavailable';
      }
      // Nothing of the batch was kept: each write on its own, to find (and fail) only the bad one.
      await Promise.all(batch.map((w) => this.writeOne(w.item).then(w.resolve, w.reject)));
      return 'fellBack';
    }
    batch.forEach((w, i) => w.resolve(results[i]));
    return 'committed';
  }
}

type Outcome = 'committed' | 'fellBack' | 'unavailable' | 'stalled';
