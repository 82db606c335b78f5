interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
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
 * each caller sees exactly what it would have seen without batching.
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
      void this.write();
    });
  }

  private async write(): Promise<void> {
    const batch = this.pending.splice(0, this.options.maxBatch ?? 100);
    if (batch.length === 0) return;
    this.writing++;
    try {
      let fellBack = false;
      if (batch.length === 1) {
        await this.writeOne(batch[0].item).then(batch[0].resolve, batch[0].reject);
      } else {
        let results: R[] | undefined;
        try {
          results = await this.writeBatch(batch.map((w) => w.item));
        } catch {
          // Nothing of the batch was kept: each write on its own, to find (and fail) only the bad one.
          fellBack = true;
          await Promise.all(batch.map((w) => this.writeOne(w.item).then(w.resolve, w.reject)));
        }
        if (results) batch.forEach((w, i) => w.resolve(results[i]));
      }
      try {
        this.options.onWritten?.(batch.length, fellBack);
      } catch {
        // Only a metric: the writes are committed and answered.
      }
    } finally {
      this.writing--;
      if (this.pending.length > 0) this.schedule();
    }
  }
}
