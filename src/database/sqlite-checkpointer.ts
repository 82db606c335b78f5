import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';

/** How often the worker copies the write-ahead log back into the database file. */
const CHECKPOINT_EVERY_MS = 250;

// The worker's whole program: its own connection to the file, checkpointing on a timer. PASSIVE
// never waits for (or blocks) the application's writer; the writer restarts the log once a
// checkpoint has copied all of it.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error && error.message || error)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite's write-ahead log is copied back into the database file (a checkpoint, with an fsync) by
 * whichever commit crosses 1 000 pages — a stall of several milliseconds on the event loop, every
 * few hundred webhooks at a peak. On the embedded database the application's connection therefore
 * never checkpoints, and a worker thread with its own connection does, off the event loop.
 */
@Injectable()
export class SqliteCheckpointer implements OnModuleInit, OnApplicationShutdown {
  private worker?: Worker;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    const options = this.db.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:' || !options.enableWAL) return;
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: options.database, everyMs: CHECKPOINT_EVERY_MS },
    });
    this.worker.unref();
    this.worker.on('error', () => this.fallBack());
    this.worker.on('message', () => undefined); // a failed checkpoint is retried on the next tick
    this.setAutoCheckpoint(0);
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  /** Without the worker, the application's connection checkpoints for itself again. */
  private fallBack(): void {
    this.worker = undefined;
    if (this.db.isInitialized) this.setAutoCheckpoint(1000);
  }

  /** Pages of log after which the application's own connection checkpoints at commit (0: never). */
  private setAutoCheckpoint(pages: number): void {
    (this.db.driver as unknown as { databaseConnection: { pragma(sql: string): unknown } }).databaseConnection.pragma(`wal_autocheckpoint = ${pages}`);
  }
}
