import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/** Every periodic job off, so a crash test's own writes are all the server makes. */
export const PERIODIC_JOBS_OFF = {
  SLA_SCAN_INTERVAL_SECONDS: '0',
  QUALITY_REPORT_INTERVAL_SECONDS: '0',
  CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
  SPOT_CHECK_INTERVAL_SECONDS: '0',
  CAPACITY_CHECK_INTERVAL_SECONDS: '0',
  HOT_SPOT_INTERVAL_SECONDS: '0',
  OUTBOX_RETENTION_INTERVAL_SECONDS: '0',
};

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** SIGKILL: no shutdown hook, no flush, nothing — as a crash or the OOM killer. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the application in its own process (TypeScript compiled on the fly by swc) with `env`; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = fork(join(__dirname, 'server-process.ts'), [], {
    execArgv: ['--require', join(__dirname, 'swc-register.js')],
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', process.env.SERVER_LOG_DIR ? 'pipe' : 'ignore', 'pipe', 'ipc'],
  });
  // SERVER_LOG_DIR: each process's log in a file of its own (port and start time), to read a red run.
  if (process.env.SERVER_LOG_DIR) child.stdout!.pipe(createWriteStream(join(process.env.SERVER_LOG_DIR, `server-${env.PORT ?? 'any'}-${Date.now()}.log`)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code, signal) => reject(new Error(`server process exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
