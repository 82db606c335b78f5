import type { SchedulerRegistry } from '@nestjs/schedule';

export interface PeriodicJobOptions {
  /** Its name in Nest's SchedulerRegistry. */
  name: string;
  /** How often it runs; 0: never on its own (tests call the work directly). */
  intervalSeconds: number;
  /** Also run once this long after start-up (e.g. once the demo seed is in), not only an interval later. */
  firstRunAfterMs?: number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
  /**
   * Asked before each run: false means another process has this run (several processes, see
   * PeriodicJobs); without it every tick runs.
   */
  claimRun?: () => Promise<boolean>;
}

/**
 * Work the server does every N seconds. One run at a time in this process (a tick that finds the
 * last run still going is skipped); its timers never hold the process open; `stop()` waits for a
 * run in progress. With several processes `claimRun` (PeriodicJobs) gives each run to one of them;
 * each job still guards its own writes (unique keys, conditional updates), which is what keeps it
 * right while Redis is away.
 */
export class PeriodicJob {
  private running: Promise<unknown> | null = null;
  private firstRun?: NodeJS.Timeout;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly options: PeriodicJobOptions,
  ) {}

  start(): void {
    const { name, intervalSeconds, firstRunAfterMs } = this.options;
    if (intervalSeconds === 0) return;
    const timer = setInterval(() => this.tick(), intervalSeconds * 1000);
    timer.unref();
    this.scheduler.addInterval(name, timer);
    if (firstRunAfterMs !== undefined) {
      this.firstRun = setTimeout(() => this.tick(), firstRunAfterMs);
      this.firstRun.unref();
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.firstRun);
    if (this.scheduler.doesExist('interval', this.options.name)) this.scheduler.deleteInterval(this.options.name);
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) return;
    const { claimRun, run } = this.options;
    this.running = (claimRun ? claimRun().then((mine) => mine && run()) : run()).catch(this.options.onError).finally(() => (this.running = null));
  }
}
