import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config';
import { createApp } from '../../src/app';

/**
 * The real server in a child process (see startServerProcess): configured from its environment like
 * main.ts, listening on a free port of 127.0.0.1, which it reports to its parent over IPC.
 */
async function main(): Promise<void> {
  const app = await createApp(loadConfig());
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error) => {
  process.stderr.write(`server process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
